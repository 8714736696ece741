#pragma once
// Cost model of the H-tree interconnect: wire energy C_wire * VDD^2 per bit and metre
// (plus repeaters), pipelined segments of htree_segment_m, area proportional to the tile
// pitch. docs/models.md 4.4.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct interconnect_cost {
    double energy_per_bit_m_j = 0;        // one bit over one metre, repeaters included
    double output_energy_per_bit_m2_j = 0; // partial-sum bit, per tile pitch^2
    double cycles_per_bit_m = 0;          // link_bits per cycle, one cycle per segment
    double output_bits = 0;               // bit-equivalents of one output element
    double area_m2(double tile_pitch_m) const { return area_per_pitch_m * tile_pitch_m; }
    double area_per_pitch_m = 0;
    double path_pitches = 0;              // a layer's H-tree path length in tile pitches
    // Energy of one bit over `hops` H-tree levels of a chip with the given side: the
    // SystemC model charges per bit-hop with hop length = side / 2 / levels.
};
interconnect_cost interconnect_model(const arch_config& a);

} // namespace pimscope::modules
