#pragma once
// The network as the chip's stages run it (modules/tile/stage_program): built once from the
// graph, its prepared crossbar layers and the stage plan. The one place that turns sw's view
// of a network into the blocks' view.
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/stage_plan.hpp"
#include "pimscope/tile/stage_program.hpp"

namespace pimscope::platform {

// Throws input_error for a layer no block can run (a full-precision conv/fc). The program
// points into `net` (its crossbar layers and operator parameters), which must outlive it.
modules::stage_program stage_program_of(const sw::prepared_network& net, const sw::stage_plan& plan);

} // namespace pimscope::platform
