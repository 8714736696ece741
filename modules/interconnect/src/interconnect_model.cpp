#include "pimscope/interconnect/interconnect_model.hpp"

#include "pimscope/core/cycles.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::interconnect {

using core::non_negative;
using core::positive;

// Energy constants: DNN+NeuroSim V1.3's wire model (its switching activity, repeaters sized
// for a 10 % delay tolerance), fitted once over every 22 nm RRAM layer of the reference
// runs (docs/calibration/neurosim_accounting.md §4.2, facts F2, F4, F7).
interconnect_model::interconnect_model(const core::param_scope& s, const core::technology& tech,
                                       double timing_period_s)
    : m_tech(&tech), m_timing_period_s(timing_period_s),
      m_htree_wire_pitch(s, "interconnect.htree_wire_pitch_f", 7.72, "F",
                       "chip H-tree: layout pitch of one bus wire (wire, spacing and its repeaters' share)",
                       non_negative<double>()),
      m_htree_repeater_share(s, "interconnect.htree_repeater_width_share", 0.40, "",
                             "share of the chip H-tree's wire pitch (at the reference node) that is its "
                             "repeaters' drawn width",
                             core::in_range(0.0, 1.0)),
      m_tile_bits_per_row(s, "interconnect.tile_htree_bits_per_row", 0.9102, "bit",
                          "tile H-tree: bits per transfer per row along the tile's PE edge (233 at 2 x 128 rows)",
                          positive<double>()),
      m_tile_delay_per_m(s, "interconnect.tile_htree_delay_per_m_s", 0.6e-6, "s/m",
                         "tile H-tree: wire delay per metre of tile pitch", non_negative<double>()),
      m_global_cycles_per_m(s, "interconnect.global_bus_cycles_per_m", 670.9, "cycle/m",
                            "global bus: cycles per transfer per metre of the chip H-tree's root-to-leaf path",
                            non_negative<double>()),
      m_global_bus_max_bits(s, "interconnect.global_bus_max_bits", 2048, "bit",
                            "global bus width cap (halved from the tiles' width until below)", positive<int>()),
      m_link_wire_pitch(s, "interconnect.link_wire_pitch_f", 4, "F",
                        "pitch of one wire of a chip link (intermediate metal, about 4 F)", positive<double>()),
      m_activity(s, "interconnect.switching_activity", 0.25, "",
                 "share of a wire's bit transfers that charge it", core::in_range(0.0, 1.0)),
      m_htree_repeater_overhead(s, "interconnect.htree_repeater_overhead", 0.4382, "",
                                "H-tree repeaters' energy relative to the wire's C·VDD²", non_negative<double>()),
      m_pe_bus_repeater_overhead(s, "interconnect.pe_bus_repeater_overhead", 0.9095, "",
                                 "PE bus repeaters' energy relative to the wire's C·VDD² (sized for speed)",
                                 non_negative<double>()) {}

int interconnect_model::tile_cycles(double tile_pitch_m) const {
    // A repeated wire across the tile: its delay per length follows the node's wires and
    // repeaters (core::technology::wire_delay_scale), its length the tile's pitch.
    const double delay = m_tile_delay_per_m * m_tech->wire_delay_scale() * tile_pitch_m;
    return core::whole_cycles(delay, m_timing_period_s, "interconnect.tile_htree_delay_per_m_s, clock.digital_period_s");
}

double interconnect_model::area_m2(double tile_pitch_m, int tiles, double bus_bits) const {
    // Bus width x wire pitch x length. Part of the pitch is fixed in F (the wire, the
    // repeater's contacts and poly pitches), part is the repeater's drawn width, which an
    // optimal repeater takes from the node's transistors and wires, not from F
    // (core::technology::repeater_width_scale). The length (the path in tile pitches from
    // the root to a leaf) already carries the node's scaling; a chip past 256 tiles has one
    // more level of the tree, and about twice its path.
    const double share = m_htree_repeater_share;
    const double pitch_m = m_htree_wire_pitch * m_tech->reference().feature_m *
                           ((1 - share) * m_tech->length_scale() + share * m_tech->repeater_width_scale());
    return bus_bits * pitch_m * htree_path_pitches(tiles) * tile_pitch_m;
}

double interconnect_model::link_area_m2(int bits, double tile_pitch_m, int tiles) const {
    // Wires x pitch x the root-to-leaf path; the pitch is in F of the node.
    return double(bits) * m_link_wire_pitch * m_tech->feature_m() * htree_path_pitches(tiles) * tile_pitch_m;
}

double interconnect_model::global_bus_bits(int tiles, double bits_per_tile) const {
    double width = tiles * bits_per_tile;
    while (width > m_global_bus_max_bits) width /= 2;
    return width;
}

double interconnect_model::bus_charged_bits(double bits, double bus_bits) {
    return bus_bits * std::ceil(bits / bus_bits);
}

int interconnect_model::htree_path_pitches(int leaves) {
    // Leaves on a grid of r rows and c columns (r = ceil(sqrt n), c = ceil(n / r)); a bit
    // runs down N = ceil(log2 max(r, c)) levels of halving segments, 2^N - 1 pitches in
    // all, plus the trunk that joins the tree's two halves along the longer side.
    if (leaves <= 1) return 0;
    int r = 1;
    while (r * r < leaves) ++r;
    const int c = (leaves + r - 1) / r;
    int levels = 0;
    while ((1 << levels) < std::max(r, c)) ++levels;
    int trunk = 0;
    while ((2 << trunk) <= std::min(r, c)) ++trunk;   // floor(log2 min(r, c))
    if (c - trunk < 1) --trunk;
    return (1 << levels) - 1 + std::min(c - trunk, trunk);
}

double interconnect_model::wire_energy_per_bit_m_j(double repeater_overhead) const {
    // Wire capacitance is set by the metal stack, not the transistors: wires scale with
    // VDD² only (the node's card), not with F.
    const auto& n = m_tech->node();
    return m_activity * n.wire_cap_f_per_m * n.vdd_v * n.vdd_v * (1 + repeater_overhead);
}

double interconnect_model::htree_energy_per_bit_m_j() const {
    return wire_energy_per_bit_m_j(m_htree_repeater_overhead);
}

double interconnect_model::pe_bus_energy_per_bit_m_j() const {
    return wire_energy_per_bit_m_j(m_pe_bus_repeater_overhead);
}

double interconnect_model::htree_energy_j(double bits, int leaves, double leaf_pitch_m) const {
    return bits * htree_path_pitches(leaves) * leaf_pitch_m * htree_energy_per_bit_m_j();
}

double interconnect_model::pe_bus_energy_j(double bits, double length_m) const {
    return bits * length_m * pe_bus_energy_per_bit_m_j();
}

double interconnect_model::tile_wires_s(const tile_wire_work& w, double tile_pitch_m, double clock_s) const {
    return w.htree_bits_serial / tile_bits(w.pe_edge_rows) * tile_cycles(tile_pitch_m) * clock_s;
}

double interconnect_model::tile_wires_energy_j(const tile_wire_work& w, int tile_pes, double tile_pitch_m,
                                               double pe_input_bus_m, double pe_output_bus_m) const {
    return htree_energy_j(w.htree_bits, tile_pes * tile_pes, tile_pitch_m / tile_pes) +
           pe_bus_energy_j(w.pe_input_bits, pe_input_bus_m) + pe_bus_energy_j(w.pe_output_bits, pe_output_bus_m);
}

double interconnect_model::global_bus_s(double bits, double bus_bits, int tiles, double tile_pitch_m,
                                        double clock_s) const {
    // Each bus-wide transfer crosses the chip H-tree from its root to a leaf (at least one
    // tile pitch): the same path its area and energy follow.
    const double path_m = std::max(1, htree_path_pitches(tiles)) * tile_pitch_m;
    return bits / bus_bits * global_cycles_per_m() * path_m * clock_s;
}

} // namespace pimscope::interconnect
