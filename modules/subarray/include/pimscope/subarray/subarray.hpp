#pragma once
// A crossbar subarray with its drivers, column mux and ADC group: a passive target.
// It is programmed at elaboration with one (row slice, column group) of one weight copy of
// one layer and owns that part of the cells and its ADC; a read carries only the input
// vector (the payload's data) and returns the column sums (the response). A read drives
// all rows at once; the ADC group converts columns_per_adc columns per ADC one after
// the other (column mux), so a read occupies the ADC group for
//     read latency + phases * conversion latency,  phases = min(columns_per_adc,
//     ceil(used columns / ADCs)) (columns interleaved over the ADCs).
// Its energy per read comes from the circuit models it is built with: the lines of the
// rows the input drives (padding rows stay undriven), the periphery (drivers, switch
// matrix, column mux) and one conversion per used column.
#include "pimscope/adc/adc_model.hpp"
#include "pimscope/subarray/subarray_model.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/kernel/adc_quantizer.hpp"
#include "pimscope/kernel/crossbar_layer.hpp"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pimscope::modules {

// What a layer's subarrays are programmed with at elaboration: the programmed cells of the
// layer's weight matrix (its copies are programmed alike and share one image, so that
// non-ideal cells are drawn once per logical cell) and the layer's ADC (resolution, range).
struct programmed_layer {
    const kernel::crossbar_layer* cells = nullptr;
    const kernel::adc_quantizer* adc = nullptr;
};

// What a subarray is built from: its columns and ADC sharing, the chip clock's conversion
// phase, and the circuit models of its cells and its ADC (the chip's, resolved once).
struct subarray_params {
    int cols = 0;
    int adcs = 1;                  // ADCs per subarray
    int columns_per_adc = 1;
    double conversion_s = 0;       // one conversion phase at the chip clock
    const pimscope::subarray::subarray_model* cells = nullptr;
    const pimscope::adc::adc_model* adc = nullptr;
};

class subarray : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<subarray> in;

    // slice: row slice of the layer's weight matrix; col_group: which subarray_cols
    // columns of it this subarray holds.
    subarray(sc_core::sc_module_name name, const subarray_params& params, int layer,
             const programmed_layer& programmed, int slice, int col_group);

    const core::stats_group& stats() const { return m_stats; }
    const resource& adc_group() const { return m_adc_group; }
    int slice() const { return m_slice; }
    int col_group() const { return m_col_group; }
    // Reports every conversion burst to `s` (null: tracing off).
    void trace_to(traces::sink* s);

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    subarray_params m_params;
    int m_layer;
    programmed_layer m_programmed;
    int m_slice, m_col_group;
    resource m_adc_group;
    core::stats_group m_stats;
    core::stats_group::handle m_reads, m_periphery, m_conversions;
    std::vector<uint16_t> m_counts;
    traces::sink* m_trace = nullptr;
    int m_track = -1;
};

} // namespace pimscope::modules
