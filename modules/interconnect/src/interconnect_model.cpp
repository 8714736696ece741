#include "pimscope/interconnect/interconnect_model.hpp"

#include <algorithm>
#include <cmath>

namespace pimscope::interconnect {

using core::non_negative;
using core::positive;

interconnect_model::interconnect_model(const core::param_scope& s, const core::technology& tech,
                                       double timing_period_s)
    : m_tech(&tech), m_timing_period_s(timing_period_s),
      m_area_per_pitch(s, "interconnect.area_per_tile_pitch_m", 4.0e-3, "m2/m",
                       "chip H-tree area per metre of tile pitch at the reference node", non_negative<double>()),
      m_tile_bits(s, "interconnect.tile_htree_bits", 233, "bit", "tile H-tree: bits per transfer",
                  positive<double>()),
      m_tile_delay_per_m(s, "interconnect.tile_htree_delay_per_m_s", 0.6e-6, "s/m",
                         "tile H-tree: wire delay per metre of tile pitch", non_negative<double>()),
      m_global_cycles_per_m(s, "interconnect.global_bus_cycles_per_m", 12076, "cycle/m",
                            "global bus: cycles per transfer per metre of tile pitch", non_negative<double>()),
      m_path_pitches(s, "interconnect.path_pitches", 13.42, "",
                     "wire path of a layer's input bits, in tile pitches", non_negative<double>()),
      m_repeater_overhead(s, "interconnect.repeater_overhead", 0.26, "",
                          "repeater energy relative to the wire's C·VDD²", non_negative<double>()),
      m_output_energy(s, "interconnect.output_energy_per_bit_m2_j", 1.6434e-7, "J/m2",
                      "partial-sum collection: energy per bit per square metre of tile pitch",
                      non_negative<double>()) {}

double interconnect_model::energy_per_bit_m_j() const {
    const auto& n = m_tech->node();
    return n.wire_cap_f_per_m * n.vdd_v * n.vdd_v * (1 + m_repeater_overhead);
}

double interconnect_model::output_energy_per_bit_m2_j() const { return m_output_energy * m_tech->energy_scale(); }

int interconnect_model::tile_cycles(double tile_pitch_m) const {
    const double delay = m_tile_delay_per_m * m_tech->delay_scale() * tile_pitch_m;
    return std::max(1, int(std::ceil(delay / m_timing_period_s - 1e-9)));
}

double interconnect_model::area_m2(double tile_pitch_m) const {
    // Bus width x wire pitch x length: the wire pitch scales with F, the length (the tile
    // pitch) already carries the node's scaling.
    return m_area_per_pitch * m_tech->length_scale() * tile_pitch_m;
}

} // namespace pimscope::interconnect
