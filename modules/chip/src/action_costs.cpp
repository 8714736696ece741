// The per-action costs the SystemC modules charge, taken from the blocks' circuit models
// (modules/<block>/, docs/models.md §3, §4.7).
#include "pimscope/chip/action_costs.hpp"

#include "pimscope/chip/chip_models.hpp"

#include <cmath>
#include <stdexcept>

namespace pimscope::modules {

void apply_cost_models(arch_config& a) {
    if (!a.models) throw std::logic_error("apply_cost_models: the configuration has no circuit models");
    const auto& m = *a.models;
    const double t = m.clock_s;
    a.clock_period_s = t;
    const int width = m.tile.adder_bits();
    const double stage_s = m.accum.stage_cycles(width) * t;
    const double add_j = m.accum.add_energy_j(width);
    const double levels = std::ceil(std::log2(double(a.pe_subarrays * a.pe_subarrays)));
    a.adder_tree_op = {levels * stage_s, levels * add_j};
    a.shift_add_op = {t, add_j};
    a.accumulation_op = {stage_s, add_j};
    // Digital units: one 16-bit add-like operation per element and lane-step per clock.
    const double unit_j = m.accum.add_energy_j(16);
    a.activation_op = {t, unit_j};
    a.pooling_op = {t, unit_j};
    a.eltwise_op = {t, unit_j};
    // A bit through a stage buffer: written to and read from a tile's input buffer.
    a.buffer_energy_per_bit_j = m.buffer.tile_input_energy_j(1.0);
    // One H-tree hop of a tile-pitch-sized chip level: ~1 mm at the study's tile size.
    a.link_energy_per_bit_hop_j = m.interconnect.htree_energy_per_bit_m_j() * 1e-3;
}

} // namespace pimscope::modules
