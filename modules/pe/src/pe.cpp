#include "pimscope/pe/pe.hpp"

#include "pimscope/core/window_payload.hpp"

#include <algorithm>
#include <string>

namespace pimscope::modules {

using sc_core::sc_time;

pe::pe(sc_core::sc_module_name name, const pe_params& params, int layer, const programmed_layer& programmed,
       const std::vector<subarray_slot>& slots, int copies)
    : sc_module(name), in("in", this, &pe::b_transport), to_subarrays("to_subarrays"), m_params(params), m_layer(layer),
      m_by_copy(copies), m_tree_cycle(params.adder_tree.latency_s, sc_core::SC_SEC),
      m_shift_add_time(params.shift_add.latency_s, sc_core::SC_SEC), m_stats(sc_object::name()) {
    m_adds = m_stats.action("adder_tree", "column", "adder-tree reductions of one column", "accumulation");
    m_shift_adds = m_stats.action("shift_add", "column", "shift-adds of one column across input planes",
                                  "accumulation");
    for (const auto& s : slots) {
        const std::string n = "subarray_c" + std::to_string(s.copy) + "_s" +
                              std::to_string(s.slice) + "_g" + std::to_string(s.col_group);
        m_subarrays.push_back(
            std::make_unique<subarray>(n.c_str(), params.subarray, layer, programmed, s.slice, s.col_group));
        to_subarrays.bind(m_subarrays.back()->in);
        m_by_copy.at(s.copy).push_back(int(m_subarrays.size()) - 1);
    }
}

void pe::trace_to(traces::sink* s) {
    m_trace = s;
    if (s) m_track = s->track(std::string(name()) + ".adder_tree", "adder_tree", m_layer);
    for (auto& sub : m_subarrays) sub->trace_to(s);
}

void pe::hot_lines(int copy, core::cache_lines& out) const {
    in.hot_lines(out);
    out.add(&m_params, std::size_t(reinterpret_cast<const char*>(&m_shift_adds + 1) -
                                   reinterpret_cast<const char*>(&m_params)));
    const auto& targets = m_by_copy.at(std::size_t(copy));
    out.add(targets.data(), targets.size() * sizeof(int));
    m_stats.hot_lines(out);
    for (int index : targets) {
        out.add(&m_subarrays[std::size_t(index)], sizeof(m_subarrays[0]));
        m_subarrays[std::size_t(index)]->hot_lines(out);
    }
}

void pe::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<window_extension>();
    const auto& targets = m_by_copy.at(ext->copy);
    if (m_datapath) return datapath_transport(gp, *ext, targets, delay);
    // The subarrays of a copy read in parallel: all start at the same time, the PE
    // continues when the slowest has converted its last column.
    sc_time done = delay;
    for (int index : targets) {
        sc_time d = delay;
        to_subarrays[index]->b_transport(gp, d);
        if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) return;
        done = std::max(done, d);
    }
    const sc_time now = sc_core::sc_time_stamp();
    sc_time begin;
    sc_time finish = m_adder_tree.reserve(now + done, m_tree_cycle, &begin);
    const uint64_t columns = uint64_t(ext->columns);
    if (m_trace)
        m_trace->slice(m_track, "adder_tree", ticks_of(begin), ticks_of(finish),
                       {m_layer, ext->image, ext->window, 0,
                        double(columns) * m_params.adder_tree.energy_j});
    m_stats.charge(m_adds, m_layer, double(columns), m_params.adder_tree.energy_j);
    if (ext->planes > 1) {
        // Bit-serial input: each plane's sums are shifted by its weight and added.
        finish += m_shift_add_time;
        m_stats.charge(m_shift_adds, m_layer, double(columns), m_params.shift_add.energy_j);
    }
    delay = finish - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

// The same work with the adder tree and shift-add done by m_datapath: each subarray
// reports its unscaled partial sums (plane weight 1) into a row of its own, and the
// datapath weighs and sums them into the window's outputs. Its cycle count is the delay.
void pe::datapath_transport(tlm::tlm_generic_payload& gp, window_extension& ext,
                            const std::vector<int>& targets, sc_time& delay) {
    const int columns = ext.columns;
    const std::size_t n = targets.size();
    m_psums.assign(n * std::size_t(columns), 0);
    m_col_begin.resize(n);
    m_col_end.resize(n);
    int64_t* const outputs = ext.outputs;
    const int plane = ext.plane;
    ext.plane = 0;
    sc_time done = delay;
    for (std::size_t i = 0; i < n; ++i) {
        ext.outputs = &m_psums[i * std::size_t(columns)];
        sc_time d = delay;
        to_subarrays[targets[i]]->b_transport(gp, d);
        if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) break;
        done = std::max(done, d);
        const auto& s = *m_subarrays[std::size_t(targets[i])];
        m_col_begin[i] = s.col_group() * m_params.subarray.cols;
        m_col_end[i] = std::min(columns, m_col_begin[i] + m_params.subarray.cols);
    }
    ext.outputs = outputs;
    ext.plane = plane;
    if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) return;

    const sc_time now = sc_core::sc_time_stamp();
    const sc_time clock(m_params.clock_s, sc_core::SC_SEC);
    datapath_request req;
    req.ext = &ext;
    req.pe = name();
    req.inputs = int(n);
    req.columns = columns;
    req.psums = m_psums.data();
    req.col_begin = m_col_begin.data();
    req.col_end = m_col_end.data();
    req.outputs = outputs;
    req.start = std::max(now + done, m_adder_tree.free_at());
    req.clock = clock;
    const uint64_t cycles = m_datapath->process(req);
    const sc_time finish = m_adder_tree.reserve(req.start, double(cycles) * clock);
    if (m_trace)
        m_trace->slice(m_track, "adder_tree", ticks_of(req.start), ticks_of(finish),
                       {m_layer, ext.image, ext.window, 0, double(columns) * m_params.adder_tree.energy_j});
    // A pin-level datapath waits for its clock: the delay counts from when it returned.
    const sc_time back = sc_core::sc_time_stamp();
    const uint64_t charged = uint64_t(columns);
    m_stats.charge(m_adds, m_layer, double(charged), m_params.adder_tree.energy_j);
    if (ext.planes > 1) m_stats.charge(m_shift_adds, m_layer, double(charged), m_params.shift_add.energy_j);
    delay = finish > back ? finish - back : sc_core::SC_ZERO_TIME;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
