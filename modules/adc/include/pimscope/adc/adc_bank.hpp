#pragma once
// A subarray's ADCs as a block: `adcs` converters shared by the subarray's columns through
// the column mux. Programmed at elaboration with the layer's quantizer (resolution and
// range); a read's column counts go in, the values the digital side sees come out. The
// columns are interleaved over the converters, so converting `used` columns takes
//     phases = min(columns_per_adc, ceil(used / adcs))
// conversion phases of the chip clock, during which the bank is busy; each conversion
// costs the ADC model's energy (modules/adc/adc_model, docs/models.md §4.1).
#include "pimscope/adc/adc_model.hpp"
#include "pimscope/core/resource.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/kernel/adc_quantizer.hpp"

#include <cstdint>
#include <systemc>

namespace pimscope::modules {

struct adc_bank_params {
    int adcs = 1;                  // converters per subarray
    int columns_per_adc = 1;       // columns each converter serves through the mux
    double conversion_s = 0;       // one conversion phase at the chip clock
    const pimscope::adc::adc_model* model = nullptr;
};

class adc_bank : public sc_core::sc_module {
public:
    adc_bank(sc_core::sc_module_name name, const adc_bank_params& params, int layer,
             const kernel::adc_quantizer& quantizer);

    // Converts the counts of `used` columns of a read that drove `active` synapse rows,
    // adding scale x each column's value to outputs[0..used); starts no earlier than `at`
    // (absolute) and returns when the last conversion is done, with its start in `begin`.
    sc_core::sc_time convert(const uint16_t* counts, int used, int64_t active, int64_t scale, int64_t* outputs,
                             const sc_core::sc_time& at, sc_core::sc_time& begin);
    // The energy of converting `used` columns (for traces).
    double conversion_energy_j(int used) const { return used * m_conversion_j; }

    const resource& group() const { return m_group; }
    const core::stats_group& stats() const { return m_stats; }
    // The lines convert() touches (see core/cache_lines).
    void hot_lines(core::cache_lines& out) const;

private:
    // What convert() touches, declared together after the statistics' values (so that
    // they take few cache lines: core/cache_lines), from m_stats to m_conversion_j.
    core::stats_group m_stats;
    core::stats_group::handle m_conversions;
    adc_bank_params m_params;
    int m_layer;
    const kernel::adc_quantizer& m_quantizer;
    resource m_group;
    // Per conversion, from the models at elaboration (a bank converts millions of times).
    sc_core::sc_time m_phase;
    double m_conversion_j;
};

} // namespace pimscope::modules
