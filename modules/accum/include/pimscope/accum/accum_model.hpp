#pragma once
// Digital accumulation: ripple-carry adders arranged in adder trees (in the PE over its
// subarrays, in the tile over its PEs, at chip level over a layer's tiles) and the
// shift-add of bit-serial input planes (docs/models.md §4.2). Digital stages are timed
// against a design period (`clock.digital_period_s`) and take whole periods of it,
// charged at the chip clock. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

namespace pimscope::accum {

class accum_model {
public:
    // timing_period_s: the digital design period a stage's delay is rounded up to.
    accum_model(const core::param_scope& scope, const core::technology& tech, double timing_period_s);

    // Clock cycles one adder stage of `width` bits takes: its ripple delay rounded up to
    // whole design periods.
    int stage_cycles(int width) const;
    // Energy of one addition of `width` bits.
    double add_energy_j(int width) const;
    // A tree summing `inputs` operands of `width` bits: ceil(log2 inputs) stages, each one
    // bit wider than the last; cycles and energy of one pass (inputs - 1 additions).
    int tree_cycles(int inputs, int width) const;
    double tree_energy_j(int inputs, int width) const;
    // Area of `bits` full-adder bits.
    double adder_area_m2(double bits) const;

private:
    const core::technology* m_tech;
    double m_timing_period_s;
    core::param<double> m_area_per_bit, m_fixed_delay, m_carry_delay, m_fixed_energy, m_energy_per_bit;
};

} // namespace pimscope::accum
