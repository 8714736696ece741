#include "pimscope/interconnect/interconnect.hpp"

#include "pimscope/core/window_payload.hpp"

namespace pimscope::modules {

using sc_core::sc_time;

interconnect::interconnect(sc_core::sc_module_name name, const link_params& params)
    : sc_module(name), in("in"), out("out"), m_params(params), m_stats(sc_object::name()) {
    in.register_b_transport(this, &interconnect::b_transport);
    m_bit_hops = m_stats.action("bit_hops", "bit-hop", "bits times hops between stages", "interconnect");
}

void interconnect::connect(int destination, receiver_socket& receiver) {
    m_receivers[destination] = int(m_receivers.size());
    out.bind(receiver);
}

void interconnect::trace_to(traces::sink* s, std::function<std::string(int)> link_name) {
    m_trace = s;
    m_link_name = std::move(link_name);
}

void interconnect::b_transport(int, tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<transfer_extension>();
    if (!ext) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    const uint64_t width = uint64_t(m_params.width_bits);
    const uint64_t cycles = (ext->bits + width - 1) / width + uint64_t(ext->hops);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time begin;
    const sc_time done = m_links[ext->destination].reserve(
        now + delay, m_link_time.of(cycles, m_params.clock_s), &begin);
    if (m_trace) {
        auto [it, added] = m_tracks.emplace(ext->destination, -1);
        if (added) {
            const std::string path = std::string(name()) + "." + m_link_name(ext->destination);
            it->second = m_trace->track(path, "link", ext->destination, {path + "_busy"});
        }
        m_trace->slice(it->second, "row", ticks_of(begin), ticks_of(done),
                       {ext->layer, ext->image, -1, ext->bits / 8,
                        double(ext->bits * uint64_t(ext->hops)) * m_params.energy_per_bit_hop_j});
    }
    m_stats.charge(m_bit_hops, ext->layer, double(ext->bits * uint64_t(ext->hops)), m_params.energy_per_bit_hop_j);
    delay = done - now;
    // The row's bytes into the receiving buffer (the host reads the output map itself).
    const auto receiver = m_receivers.find(ext->destination);
    if (gp.get_data_length() > 0 && receiver != m_receivers.end() &&
        out[std::size_t(receiver->second)]->transport_dbg(gp) != gp.get_data_length()) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
