#pragma once
// Cost model of the digital accumulation: ripple-carry adders arranged in adder trees (PE,
// tile, chip), shift-add of bit-serial input planes. docs/models.md 4.2.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct accum_cost {
    int adder_bits = 0;                   // tile accumulation width: b + log2(pe_subarrays^2)
    double tile_area_m2 = 0;              // adders of one tile (one per tile column)
    double energy_per_add_j = 0;          // one adder of adder_bits
    double level_s = 0;                   // one adder stage of adder_bits, in clock time
    double leakage_w = 0;
    // Ripple-carry adder: delay fixed + width * carry, timed against a design period;
    // energy fixed + width * per-bit (both at the configured node).
    double fixed_delay_s = 0, carry_delay_s = 0, timing_period_s = 0, clock_s = 0;
    double fixed_energy_j = 0, energy_per_bit_j = 0;

    // Clock cycles one adder stage of `width` bits takes: its ripple delay rounded up to
    // whole design periods.
    int stage_cycles(int width) const;
    // Energy of one addition of `width` bits.
    double add_energy_j(int width) const;
    // A tree summing `inputs` operands of `width` bits: ceil(log2 inputs) stages, each one
    // bit wider than the last; cycles of one pass and energy of one pass (inputs - 1 adds).
    int tree_cycles(int inputs, int width) const;
    double tree_energy_j(int inputs, int width) const;
};
accum_cost accum_model(const arch_config& a);

} // namespace pimscope::modules
