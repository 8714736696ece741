#pragma once
// Wires: the tile's H-tree (inputs to the PEs, partial sums back) and the global bus
// between the global buffer and the tiles (docs/models.md §4.4). Wire energy is C·VDD²
// per bit and metre plus repeaters; lengths follow the tile pitch. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

namespace pimscope::interconnect {

class interconnect_model {
public:
    // timing_period_s: the digital design period a tile H-tree crossing is rounded up to.
    interconnect_model(const core::param_scope& scope, const core::technology& tech, double timing_period_s);

    double energy_per_bit_m_j() const;            // one bit over one metre, repeaters included
    double output_energy_per_bit_m2_j() const;    // one partial-sum bit, per tile pitch²
    double path_pitches() const { return m_path_pitches; }
    double tile_bits() const { return m_tile_bits; }   // tile H-tree: bits per transfer
    // Clock cycles of one tile H-tree transfer: its wire delay across a tile of this pitch,
    // rounded up to whole design periods.
    int tile_cycles(double tile_pitch_m) const;
    double global_cycles_per_m() const { return m_global_cycles_per_m; }
    double area_m2(double tile_pitch_m) const;    // the chip's H-tree

private:
    const core::technology* m_tech;
    double m_timing_period_s;
    core::param<double> m_area_per_pitch, m_tile_bits, m_tile_delay_per_m, m_global_cycles_per_m;
    core::param<double> m_path_pitches, m_repeater_overhead, m_output_energy;
};

} // namespace pimscope::interconnect
