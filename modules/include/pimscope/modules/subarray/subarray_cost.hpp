#pragma once
// Cost model of one subarray: 1T1R cell array, WL/SL drivers, column mux and its ADCs
// (flash-style multi-level sense amplifier "mlsa" with 2^b - 1 comparators, or SAR).
// Formulas and sources: docs/models.md section 4.1.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct adc_cost {
    double area_m2 = 0;             // one ADC
    double reference_area_m2 = 0;   // its share of reference generation / biasing
    double conversion_s = 0;        // one conversion (one column)
    double energy_per_conversion_j = 0;
    double leakage_w = 0;
};

struct subarray_cost {
    double cell_array_m2 = 0, drivers_m2 = 0, mux_m2 = 0;
    adc_cost adc;                   // per ADC; adcs_per_subarray of them
    double adc_m2 = 0;              // all ADCs of the subarray
    double adc_reference_m2 = 0;
    double read_energy_j = 0;       // one read of all rows (WL/SL/BL charging, drivers), full rows
    double read_s = 0;              // array settling before sensing (inside the sensing delay)
    double sensing_delay_s = 0;     // MLSA: sets the clock in clock.mode sensing
    double area_m2() const { return cell_array_m2 + drivers_m2 + mux_m2 + adc_m2 + adc_reference_m2; }
};

adc_cost adc_model(const arch_config& a);
subarray_cost subarray_model(const arch_config& a);
// Column current physics, for reference: energy of one read pulse V^2 * sum(G) * t over the
// conducting cells of one column with `agree` matching synapses of `active` driven ones.
double column_read_energy_j(const arch_config& a, int active, int agree);

} // namespace pimscope::modules
