#pragma once
// Wires: the chip's H-tree and global bus between the global buffer and the tiles, the
// tile's H-tree (inputs to the PEs, partial sums back) and the PE buses along the
// subarrays (docs/models.md §4.5). Wire energy is the switching activity times C·VDD² per
// bit and metre, plus the repeaters'; H-tree lengths follow the tile pitch. Plain C++.
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"

namespace pimscope::interconnect {

// Tile H-tree and PE buses, per window: the bits one tile's tree carries (serial), the
// bits over every tile's tree, the bits on the PE input buses and ADC-code buses.
struct tile_wire_work {
    double htree_bits_serial = 0, htree_bits = 0;
    int pe_edge_rows = 0;   // tile PEs along a side x subarray rows: what sets the tile H-tree's width
    double pe_input_bits = 0, pe_output_bits = 0;
};

class interconnect_model {
public:
    // timing_period_s: the digital design period a tile H-tree crossing is rounded up to.
    interconnect_model(const core::param_scope& scope, const core::technology& tech, double timing_period_s);

    // Tile H-tree: bits per transfer. The tree is as wide as the rows along the tile's PE
    // edge (tile PEs along a side x subarray rows), as DNN+NeuroSim V1.3 sizes it.
    double tile_bits(int pe_edge_rows) const { return m_tile_bits_per_row * pe_edge_rows; }
    // Clock cycles of one tile H-tree transfer: its wire delay across a tile of this pitch,
    // rounded up to whole design periods.
    int tile_cycles(double tile_pitch_m) const;
    // Per metre of the chip H-tree's path, at this node: the bus's repeated wires set it.
    double global_cycles_per_m() const { return m_global_cycles_per_m * m_tech->wire_delay_scale(); }
    // The chip's H-tree over `tiles` tiles, `bus_bits` wide (global_bus_bits).
    double area_m2(double tile_pitch_m, int tiles, double bus_bits) const;
    // One link of the true chip's interconnect, `bits` wires wide, from the root of an
    // H-tree over `tiles` tiles to a leaf (docs/models.md §4.5).
    double link_area_m2(int bits, double tile_pitch_m, int tiles) const;

    // The global bus: `bits_per_tile` wires for each of the chip's tiles, halved until the
    // width is within the cap.
    double global_bus_bits(int tiles, double bits_per_tile) const;
    // What a transfer of `bits` over a bus `bus_bits` wide is charged for: whole bus widths.
    static double bus_charged_bits(double bits, double bus_bits);
    // Root-to-leaf path of an H-tree over `leaves` leaves on a near-square grid, in leaf
    // pitches (docs/models.md §4.5).
    static int htree_path_pitches(int leaves);

    double htree_energy_per_bit_m_j() const;      // one bit over one metre of H-tree
    double pe_bus_energy_per_bit_m_j() const;     // one bit over one metre of PE bus
    // `bits` from the root of an H-tree over `leaves` leaves of `leaf_pitch_m` to a leaf.
    double htree_energy_j(double bits, int leaves, double leaf_pitch_m) const;
    // `bits` along a PE bus of `length_m`.
    double pe_bus_energy_j(double bits, double length_m) const;

    // One window over a tile group's wires: the time of one tile's H-tree transfers, and
    // the energy of every tile's H-tree (tile_pes x tile_pes PEs as leaves) and PE buses.
    double tile_wires_s(const tile_wire_work& w, double tile_pitch_m, double clock_s) const;
    double tile_wires_energy_j(const tile_wire_work& w, int tile_pes, double tile_pitch_m,
                               double pe_input_bus_m, double pe_output_bus_m) const;
    // `bits` over the global bus, pipelined: cycles grow with the distance, the chip
    // H-tree's root-to-leaf path over `tiles` tiles of `tile_pitch_m`.
    double global_bus_s(double bits, double bus_bits, int tiles, double tile_pitch_m, double clock_s) const;

private:
    double wire_energy_per_bit_m_j(double repeater_overhead) const;

    const core::technology* m_tech;
    double m_timing_period_s;
    core::param<double> m_htree_wire_pitch, m_htree_repeater_share, m_tile_bits_per_row, m_tile_delay_per_m,
        m_global_cycles_per_m;
    core::param<int> m_global_bus_max_bits;
    core::param<double> m_link_wire_pitch;
    core::param<double> m_activity, m_htree_repeater_overhead, m_pe_bus_repeater_overhead;
};

} // namespace pimscope::interconnect
