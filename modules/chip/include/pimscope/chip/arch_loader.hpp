#pragma once
// Loads a chip configuration: builds every block's circuit model from the parameters they
// declare (chip_models), reads the chip-level parameters of the pipeline, the inputs and
// the SystemC data movers, fills the arch_config snapshot from them, and refuses any key no
// declaration read.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/core/param.hpp"

#include <string>
#include <vector>

namespace pimscope {

arch_config load_arch_config(param_tree& tree);
// The configuration for a network whose widest crossbar layer has `widest_columns` output
// columns: the tile is never wider than that layer needs, its column count rounded up to a
// power of two (the study simulator's floorplan rule; docs/models.md §2). When the
// configured tile is wider, `hierarchy.tile_pes` is lowered in `tree` (down to one PE,
// where the study's simulator would refuse the subarray: a narrow network still runs on
// the configured subarrays, their spare columns unused) and the configuration reloaded,
// so every block sees the tile it is built into.
arch_config load_arch_config_for_network(param_tree& tree, int widest_columns);
arch_config load_arch_config_file(const std::string& path);
// Every parameter at the default its block declares (for tests and tools that build a
// configuration by hand from there).
arch_config default_arch_config();

// Every parameter the configuration declares, with the values `tree` gives them
// (`pimscope params`).
std::vector<core::param_info> declared_params(param_tree& tree);

} // namespace pimscope
