#include "pimscope/buffer/buffer.hpp"

#include "pimscope/core/window_payload.hpp"

#include <string>

namespace pimscope::modules {

using sc_core::sc_time;

buffer::buffer(sc_core::sc_module_name name, const buffer_port_params& params)
    : sc_module(name), in("in"), fill("fill"), m_params(params), m_stats(sc_object::name()) {
    in.register_b_transport(this, &buffer::b_transport);
    in.register_transport_dbg(this, &buffer::transport_dbg);
    fill.register_transport_dbg(this, &buffer::transport_dbg);
    m_bits = m_stats.action("bits", "bit", "bits through the port", "buffer");
}

void buffer::trace_to(traces::sink* s, int layer) {
    m_trace = s;
    if (s) m_track = s->track(std::string(name()) + ".port", "buffer_port", layer, {std::string(name()) + ".port_busy"});
}

void buffer::release(uint64_t from, uint64_t to) {
    m_rows.erase(m_rows.lower_bound(from), m_rows.lower_bound(to));
}

bool buffer::move_rows(tlm::tlm_generic_payload& gp) {
    unsigned char* data = gp.get_data_ptr();
    const std::size_t length = gp.get_data_length();
    uint64_t address = gp.get_address();
    if (gp.is_write()) {   // one row per delivery
        m_rows[address].assign(data, data + length);
        return true;
    }
    for (std::size_t done = 0; done < length; ++address) {
        const auto it = m_rows.find(address);
        if (it == m_rows.end() || done + it->second.size() > length) return false;
        std::copy(it->second.begin(), it->second.end(), data + done);
        done += it->second.size();
    }
    return true;
}

unsigned int buffer::transport_dbg(tlm::tlm_generic_payload& gp) {
    if (!move_rows(gp)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return gp.get_data_length();
}

void buffer::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<transfer_extension>();
    if (!ext) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    if (gp.get_data_length() > 0 && !move_rows(gp)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const uint64_t width = uint64_t(m_params.width_bits);
    const uint64_t cycles = (ext->bits + width - 1) / width;
    const sc_time now = sc_core::sc_time_stamp();
    sc_time begin;
    const sc_time done = m_port.reserve(
        now + delay, m_port_time.of(cycles, m_params.clock_s), &begin);
    if (m_trace)
        m_trace->slice(m_track, gp.is_read() ? "read" : "write", ticks_of(begin), ticks_of(done),
                       {ext->layer, ext->image, ext->window, ext->bits / 8,
                        double(ext->bits) * m_params.energy_per_bit_j});
    m_stats.charge(m_bits, ext->layer, double(ext->bits), m_params.energy_per_bit_j);
    delay = done - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
