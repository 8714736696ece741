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
arch_config load_arch_config_file(const std::string& path);
// Every parameter at the default its block declares (for tests and tools that build a
// configuration by hand from there).
arch_config default_arch_config();

// Every parameter the configuration declares, with the values `tree` gives them
// (`pimscope params`).
std::vector<core::param_info> declared_params(param_tree& tree);

} // namespace pimscope
