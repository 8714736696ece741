#pragma once
// A crossbar subarray with its drivers and column mux, and its ADCs (a child block,
// adc/adc_bank): a passive target. It is programmed at elaboration with one (row slice,
// column group) of one weight copy of one layer and owns that part of the cells and its
// ADC bank; a read carries only the input vector (the payload's data) and returns the
// column sums (the response). A read drives all rows at once and the bank converts the
// used columns (adc_bank: phases of the column mux), which the read waits for.
// Its energy per read comes from the circuit models it is built with: the lines of the
// rows the input drives (padding rows stay undriven) and the periphery (drivers, switch
// matrix, column mux); the conversions are the bank's.
#include "pimscope/adc/adc_bank.hpp"
#include "pimscope/subarray/subarray_model.hpp"
#include "pimscope/core/b_target_socket.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/kernel/adc_quantizer.hpp"
#include "pimscope/kernel/crossbar_layer.hpp"

#include <systemc>
#include <tlm>

namespace pimscope::modules {

// What a layer's subarrays are programmed with at elaboration: the programmed cells of the
// layer's weight matrix (its copies are programmed alike and share one image, so that
// non-ideal cells are drawn once per logical cell) and the layer's ADC (resolution, range).
struct programmed_layer {
    const kernel::crossbar_layer* cells = nullptr;
    const kernel::adc_quantizer* adc = nullptr;
};

// What a subarray is built from: its columns, the circuit model of its cells (the chip's,
// resolved once) and its ADC bank.
struct subarray_params {
    int cols = 0;
    const pimscope::subarray::subarray_model* cells = nullptr;
    adc_bank_params adc;
};

class subarray : public sc_core::sc_module {
public:
    core::b_target_socket<subarray> in;

    // slice: row slice of the layer's weight matrix; col_group: which subarray_cols
    // columns of it this subarray holds.
    subarray(sc_core::sc_module_name name, const subarray_params& params, int layer,
             const programmed_layer& programmed, int slice, int col_group);

    const core::stats_group& stats() const { return m_stats; }
    const resource& adc_group() const { return m_adcs.group(); }
    const adc_bank& adcs() const { return m_adcs; }
    int slice() const { return m_slice; }
    int col_group() const { return m_col_group; }
    // Reports every conversion burst to `s` (null: tracing off).
    void trace_to(traces::sink* s);
    // The lines a read touches: socket, fields, ADC bank, statistics, the first weights
    // (see core/cache_lines).
    void hot_lines(core::cache_lines& out) const;

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    adc_bank m_adcs;   // built before m_stats: the registry keeps groups in that order
    // What a read touches, declared together after the statistics' values (so that they
    // take few cache lines: core/cache_lines), from m_stats to m_track.
    core::stats_group m_stats;
    core::stats_group::handle m_reads, m_periphery;
    double m_periphery_j;   // per read, from the model once
    subarray_params m_params;
    int m_layer;
    programmed_layer m_programmed;
    int m_slice, m_col_group;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
