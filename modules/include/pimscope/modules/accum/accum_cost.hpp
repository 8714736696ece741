#pragma once
// Cost model of the digital accumulation: adder trees (PE, tile), shift-add of bit-serial
// input planes. Adders are (adc bits + log2(pe_subarrays^2)) bits wide. docs/models.md 4.2.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct accum_cost {
    int adder_bits = 0;
    double tile_area_m2 = 0;              // adders of one tile (one per tile column)
    double energy_per_add_j = 0;          // one adder of adder_bits
    double level_s = 0;                   // one adder-tree level for one column phase
    double leakage_w = 0;
};
accum_cost accum_model(const arch_config& a);

} // namespace pimscope::modules
