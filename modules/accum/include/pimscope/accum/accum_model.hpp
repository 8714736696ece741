#pragma once
// Digital accumulation: ripple-carry adders arranged in adder trees (in the PE over its
// subarrays, in the tile over its PEs, at chip level over a layer's tiles) and the
// shift-add of bit-serial input planes (docs/models.md §4.2). Digital stages are timed
// against a design period (`clock.digital_period_s`) and take whole periods of it,
// charged at the chip clock. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

#include <vector>

namespace pimscope::accum {

// Adder trees of one kind run `count` times, each over `inputs` operands of `width` bits.
struct tree_pass {
    double count = 0;
    int inputs = 0, width = 0;
};

// Adder trees: passes on the critical path once per group (copies in parallel) and once
// per window (shared by the copies), the passes of every tree per window (energy), and
// the shift-add of input planes.
struct tree_work {
    std::vector<tree_pass> per_group, per_window, energy_per_window;
    double shift_add_cycles_per_group = 0, shift_adds_per_window = 0;
    int shift_add_width = 0;
};

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
    // Cycles of the passes on a critical path, and the energy of every pass.
    double cycles_of(const std::vector<tree_pass>& passes) const;
    double energy_of(const std::vector<tree_pass>& passes) const;
    // Area of `bits` full-adder bits.
    double adder_area_m2(double bits) const;

private:
    const core::technology* m_tech;
    double m_timing_period_s;
    core::param<double> m_area_per_bit, m_fixed_delay, m_carry_delay, m_fixed_energy, m_energy_per_bit;
};

} // namespace pimscope::accum
