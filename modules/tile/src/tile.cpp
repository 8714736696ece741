#include "pimscope/tile/tile.hpp"

#include "pimscope/core/window_payload.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace pimscope::modules {

using sc_core::sc_time;

namespace {
uint64_t cycles_for(uint64_t bits, int width) { return (bits + uint64_t(width) - 1) / uint64_t(width); }
} // namespace

tile::tile(sc_core::sc_module_name name, const tile_params& params, int layer, const programmed_layer& programmed,
           const std::vector<std::vector<subarray_slot>>& pe_slots, int copies)
    : sc_module(name), in("in", this, &tile::b_transport), to_pes("to_pes"), m_params(params), m_layer(layer),
      m_htree_levels(int(std::lround(std::log2(double(params.pes_per_side * params.pes_per_side))))),
      m_by_copy(copies), m_stats(sc_object::name()) {
    m_buffer_bits = m_stats.action("buffer", "bit", "bits written to and read from the tile buffer", "buffer");
    m_htree_bit_hops = m_stats.action("htree", "bit-hop", "bits times levels on the tile's H-tree", "interconnect");
    m_accumulations = m_stats.action("accumulation", "element", "output elements the tile accumulates",
                                     "accumulation");
    for (std::size_t i = 0; i < pe_slots.size(); ++i) {
        if (pe_slots[i].empty()) continue;
        const std::string n = "pe" + std::to_string(i);
        m_pes.push_back(std::make_unique<pe>(n.c_str(), params.pe, layer, programmed, pe_slots[i], copies));
        to_pes.bind(m_pes.back()->in);
        const int index = int(m_pes.size()) - 1;
        for (const auto& s : pe_slots[i]) {
            auto& v = m_by_copy.at(s.copy);
            if (v.empty() || v.back() != index) v.push_back(index);
        }
    }
    m_hot.resize(m_by_copy.size());
    for (std::size_t c = 0; c < m_by_copy.size(); ++c) {
        m_hot[c].add(m_by_copy[c].data(), m_by_copy[c].size() * sizeof(int));
        for (int index : m_by_copy[c]) m_pes[std::size_t(index)]->hot_lines(int(c), m_hot[c]);
        m_hot[c].finish();
    }
}

void tile::trace_to(traces::sink* s) {
    m_trace = s;
    if (s) {
        const std::string n = name();
        m_buffer_track = s->track(n + ".buffer_port", "tile_buffer_port", m_layer);
        m_htree_track = s->track(n + ".htree", "htree", m_layer);
        m_accumulator_track = s->track(n + ".accumulator", "accumulator", m_layer);
    }
    for (auto& p : m_pes) p->trace_to(s);
}

void tile::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<window_extension>();
    m_hot.at(std::size_t(ext->copy)).prefetch();
    const sc_time now = sc_core::sc_time_stamp();
    const uint64_t bits = uint64_t(gp.get_data_length()) * 8;

    // The window lands in the tile buffer, then the H-tree carries it to the PEs.
    sc_time buffer_begin, htree_begin;
    const sc_time buffered = m_buffer_port.reserve(
        now + delay, m_buffer_time.of(cycles_for(bits, m_params.buffer.width_bits), m_params.buffer.clock_s),
        &buffer_begin);
    sc_time t = m_htree.reserve(
        buffered, m_htree_time.of(cycles_for(bits, m_params.htree.width_bits), m_params.htree.clock_s), &htree_begin);
    if (m_trace) {
        const traces::slice_args a{m_layer, ext->image, ext->window, bits / 8, 0};
        auto buffer_args = a, htree_args = a;
        buffer_args.energy_j = double(2 * bits) * m_params.buffer.energy_per_bit_j;
        htree_args.energy_j = double(bits * uint64_t(std::max(1, m_htree_levels))) *
                              m_params.htree.energy_per_bit_hop_j;
        m_trace->slice(m_buffer_track, "window_in", ticks_of(buffer_begin), ticks_of(buffered), buffer_args);
        m_trace->slice(m_htree_track, "broadcast", ticks_of(htree_begin), ticks_of(t), htree_args);
    }
    m_stats.charge(m_buffer_bits, m_layer, double(2 * bits), m_params.buffer.energy_per_bit_j);
    m_stats.charge(m_htree_bit_hops, m_layer, double(bits * uint64_t(std::max(1, m_htree_levels))),
                   m_params.htree.energy_per_bit_hop_j);

    // Absolute times: a pin-level PE (RTL co-simulation) may wait, and its delay then
    // counts from the time it returned.
    sc_time done = t;
    for (int index : m_by_copy.at(ext->copy)) {
        const sc_time at = sc_core::sc_time_stamp();
        sc_time d = t > at ? t - at : sc_core::SC_ZERO_TIME;
        to_pes[index]->b_transport(gp, d);
        if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) return;
        done = std::max(done, sc_core::sc_time_stamp() + d);
    }
    const uint64_t columns = uint64_t(ext->columns);
    sc_time accumulate_begin;
    const sc_time finish = m_accumulator.reserve(
        done, m_accumulate_time.of(1, m_params.accumulation.latency_s), &accumulate_begin);
    if (m_trace)
        m_trace->slice(m_accumulator_track, "accumulate", ticks_of(accumulate_begin), ticks_of(finish),
                       {m_layer, ext->image, ext->window, 0,
                        double(columns) * m_params.accumulation.energy_j});
    m_stats.charge(m_accumulations, m_layer, double(columns), m_params.accumulation.energy_j);
    delay = finish - sc_core::sc_time_stamp();
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
