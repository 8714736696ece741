#pragma once
// The per-action costs the SystemC modules charge (clock, subarray read, ADC conversion,
// adder tree, shift-add, accumulation, buffer and link energies, digital units), filled
// from the blocks' circuit models in arch.models.
#include "pimscope/common/arch_config.hpp"

namespace pimscope::modules {

void apply_cost_models(arch_config& a);

} // namespace pimscope::modules
