#pragma once
// Cost of one action of a block: how long it occupies the block and the energy it takes.
// Its own header so that the blocks' parameters can name it without arch_config.

namespace pimscope {

struct action_cost {
    double latency_s = 0;
    double energy_j = 0;
};

} // namespace pimscope
