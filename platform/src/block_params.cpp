#include "pimscope/platform/block_params.hpp"

#include "pimscope/chip/chip_models.hpp"

#include <algorithm>
#include <stdexcept>

namespace pimscope::platform {

modules::buffer_port_params buffer_port_params_of(const arch_config& arch) {
    return {arch.buffer_port_bits, arch.clock_period_s, arch.buffer_energy_per_bit_j};
}

modules::link_params link_params_of(const arch_config& arch) {
    return {arch.htree_link_bits, arch.clock_period_s, arch.link_energy_per_bit_hop_j};
}

int weight_bits_of(const std::vector<int8_t>& weights) {
    int widest = 2;
    for (const int8_t w : weights) {
        int bits = 1;
        while (w < -(1 << (bits - 1)) || w > (1 << (bits - 1)) - 1) ++bits;
        widest = std::max(widest, bits);
    }
    return widest;
}

modules::unit_params unit_params_of(const arch_config& arch, int weight_bits) {
    // A multiply-accumulate of a B-bit weight and a 16-bit word in an array multiplier: B
    // partial-product rows of 16-bit adds plus the accumulating add, one lane-step per
    // clock (docs/models.md §4.6). B is the widest weight of the stage's multi-bit layer.
    const action_cost mac{arch.eltwise_op.latency_s, (weight_bits + 1) * arch.eltwise_op.energy_j};
    return {arch.unit_lanes, arch.activation_op, arch.pooling_op, arch.eltwise_op, mac};
}

modules::subarray_params subarray_params_of(const arch_config& arch) {
    if (!arch.models) throw std::logic_error("subarray_params_of: the configuration has no circuit models");
    const auto& models = *arch.models;
    // The ADC converts in phases of the chip clock the models resolved.
    return {arch.subarray_cols, &models.subarray,
            {arch.adcs_per_subarray(), arch.columns_per_adc, models.adc.conversion_s(models.clock_s), &models.adc}};
}

modules::pe_params pe_params_of(const arch_config& arch) {
    return {subarray_params_of(arch), arch.clock_period_s, arch.adder_tree_op, arch.shift_add_op};
}

modules::tile_params tile_params_of(const arch_config& arch) {
    // The tile buffer's port and the H-tree's levels are a buffer port and links like the
    // chip's own.
    return {pe_params_of(arch), arch.tile_pes, buffer_port_params_of(arch), link_params_of(arch),
            arch.accumulation_op};
}

} // namespace pimscope::platform
