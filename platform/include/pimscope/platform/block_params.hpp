#pragma once
// The SystemC blocks' own parameters, read from the chip's configuration. The blocks never
// see arch_config; this is the one place that knows which of its fields each block takes.
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/interconnect/interconnect.hpp"
#include "pimscope/pe/pe.hpp"
#include "pimscope/subarray/subarray.hpp"
#include "pimscope/tile/tile.hpp"
#include "pimscope/units/digital_unit.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::platform {

// A buffer's port (the global buffer, a stage's input buffer, a tile buffer).
modules::buffer_port_params buffer_port_params_of(const arch_config& arch);
// A link of the chip interconnect or of a tile's H-tree.
modules::link_params link_params_of(const arch_config& arch);
// A digital unit (a stage's output unit or a chip-level unit).
// weight_bits: the weights a stage's multi-bit conv/fc multiplies (its MAC's cost).
modules::unit_params unit_params_of(const arch_config& arch, int weight_bits = 8);
// Bits of the two's-complement word that holds every weight (at least 2).
int weight_bits_of(const std::vector<int8_t>& weights);
// Throws std::logic_error if the configuration has no circuit models (a hand-built one).
modules::subarray_params subarray_params_of(const arch_config& arch);
modules::pe_params pe_params_of(const arch_config& arch);
modules::tile_params tile_params_of(const arch_config& arch);

} // namespace pimscope::platform
