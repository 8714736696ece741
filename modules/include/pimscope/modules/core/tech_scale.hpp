#pragma once
// Scaling of the circuit constants (stated at circuit.reference_*) to the configured
// technology: area ~ F^2, switched capacitance ~ F so energy ~ F * VDD^2, gate delay ~ FO4,
// leakage ~ tech.leakage_scale. Plain C++ (no SystemC): the cost models are kernel-free.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct tech_scale {
    double f2_m2;     // one F^2 in m^2 at the configured node
    double energy;    // energy multiplier relative to the reference node
    double delay;     // delay multiplier
    double leakage;   // leakage-power multiplier
    static tech_scale of(const arch_config& a) {
        const auto& t = a.tech;
        const auto& c = a.circuit;
        const double v = t.vdd_v / c.ref_vdd_v;
        return {t.feature_m * t.feature_m, (t.feature_m / c.ref_feature_m) * v * v,
                t.fo4_s / c.ref_fo4_s, t.leakage_scale * (t.feature_m / c.ref_feature_m) * v};
    }
};

// Clock period: clock.period_s, or (clock.mode: sensing) the ADC's sensing delay.
double clock_period(const arch_config& a);

// Fills the per-action costs the SystemC modules charge (clock, subarray read, ADC
// conversion, adder tree, shift-add, accumulation, buffer and link energies, digital
// units) from the circuit models, unless the arch gives an explicit `costs:` table.
void apply_cost_models(arch_config& a);

} // namespace pimscope::modules
