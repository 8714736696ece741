#pragma once
// Cost model of the H-tree interconnect: wire energy C_wire * VDD^2 per bit and metre
// (plus repeaters); latency of the tile H-tree (one wire crossing of the tile per transfer,
// rounded up to whole design periods) and of the global bus (pipelined, cycles growing
// with the tile pitch); area proportional to the tile pitch. docs/models.md 4.4.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

struct interconnect_cost {
    double energy_per_bit_m_j = 0;        // one bit over one metre, repeaters included
    double output_energy_per_bit_m2_j = 0; // partial-sum bit, per tile pitch^2
    double tile_bits = 0;                 // tile H-tree: bits per transfer
    double tile_delay_per_m_s = 0;        // tile H-tree: wire delay per m of tile pitch
    double timing_period_s = 0;           // transfers take whole periods of this
    double global_cycles_per_m = 0;       // global bus: cycles per transfer per m of pitch
    // Clock cycles of one tile H-tree transfer for a tile of the given pitch.
    int tile_cycles(double tile_pitch_m) const;
    double area_m2(double tile_pitch_m) const { return area_per_pitch_m * tile_pitch_m; }
    double area_per_pitch_m = 0;
    double path_pitches = 0;              // a layer's H-tree path length in tile pitches
    // Energy of one bit over `hops` H-tree levels of a chip with the given side: the
    // SystemC model charges per bit-hop with hop length = side / 2 / levels.
};
interconnect_cost interconnect_model(const arch_config& a);

} // namespace pimscope::modules
