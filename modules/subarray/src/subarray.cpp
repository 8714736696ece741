#include "pimscope/subarray/subarray.hpp"

#include "pimscope/kernel/crossbar.hpp"
#include "pimscope/core/window_payload.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace pimscope::modules {

using sc_core::sc_time;

subarray::subarray(sc_core::sc_module_name name, const subarray_params& params, int layer,
                   const programmed_layer& programmed, int slice, int col_group)
    : sc_module(name), in("in", this, &subarray::b_transport), m_adcs("adc", params.adc, layer, *programmed.adc),
      m_stats(sc_object::name()),
      // The study books the lines' charging with the ADCs; the breakdowns follow it.
      m_reads(m_stats.action("reads", "read", "reads of all rows for one input plane", "adc")),
      m_periphery(m_stats.action("periphery_activations", "activation",
                                 "row drivers, switch matrix and mux switching for one read", "other")),
      m_periphery_j(params.cells ? params.cells->periphery_read_energy_j() : 0.0), m_params(params), m_layer(layer),
      m_programmed(programmed), m_slice(slice), m_col_group(col_group) {
}

void subarray::trace_to(traces::sink* s) {
    m_trace = s;
    // The waveform counts, per PE, how many of its ADC groups are converting.
    const std::string n = name();
    if (s) m_track = s->track(n + ".adc_group", "adc_group", m_layer, {n.substr(0, n.rfind('.')) + ".adc_groups_busy", 16});
}

void subarray::hot_lines(core::cache_lines& out) const {
    in.hot_lines(out);
    m_stats.hot_lines(out);
    out.add(&m_reads, std::size_t(reinterpret_cast<const char*>(&m_track + 1) -
                                  reinterpret_cast<const char*>(&m_reads)));
    m_adcs.hot_lines(out);
    const auto& w = *m_programmed.cells;
    const int col_begin = m_col_group * m_params.cols;
    if (!w.analog && col_begin < w.columns) out.add(w.column_words(m_slice, col_begin), 2 * core::cache_lines::line_bytes);
}

void subarray::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    auto* ext = gp.get_extension<window_extension>();
    if (!ext) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    const auto& w = *m_programmed.cells;
    const auto& p = m_params;
    const int col_begin = m_col_group * p.cols;
    const int col_end = std::min(w.columns, col_begin + p.cols);
    const int used = col_end - col_begin;

    // Physics: the column currents count agreeing synapses (ideal cells), or the sense
    // amplifier resolves a count from the non-ideal currents (the kernel's analog path,
    // keyed by the read); the ADC bank turns each into the count the digital side sees.
    // The counts live only during this call (nothing in it waits), so every subarray uses
    // one scratch that stays in the cache instead of a buffer of its own.
    thread_local std::vector<uint16_t> counts;
    if (counts.size() < std::size_t(p.cols)) counts.resize(std::size_t(p.cols));
    kernel::column_counts(w, m_slice, *ext->input, col_begin, col_end, counts.data(),
                          {ext->image, ext->row, ext->x, ext->plane});
    const int64_t active = kernel::active_count(*ext->input, m_slice);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time begin;
    const sc_time done = m_adcs.convert(counts.data(), used, active, kernel::plane_scale(ext->plane),
                                        ext->outputs + col_begin, now + delay, begin);
    delay = done - now;
    const double read_j = p.cells->read_energy_j(double(active));
    const double periphery_j = m_periphery_j;
    if (m_trace)
        m_trace->slice(m_track, "read+convert", ticks_of(begin), ticks_of(done),
                       {m_layer, ext->image, ext->window, gp.get_data_length(),
                        read_j + periphery_j + m_adcs.conversion_energy_j(used)});

    m_stats.charge(m_reads, m_layer, 1, read_j);
    m_stats.charge(m_periphery, m_layer, 1, periphery_j);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace pimscope::modules
