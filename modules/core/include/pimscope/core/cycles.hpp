#pragma once
// A delay in whole clock cycles, for the blocks timed against a clock. The conversion to an
// int is checked: a delay set a billion times its period (or a period of 1e-49 s, or a
// period of 0 that makes the ratio infinite) is a configuration out of range, not a count
// for a cast to wrap (undefined behaviour).
#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

namespace pimscope::core {

// 10^9 cycles: a second at 1 GHz, far beyond any delay of one block.
constexpr double max_block_cycles = 1e9;

// ceil(delay / period), at least 1. `keys` names the parameters that set the delay and the
// period, for the message.
inline int whole_cycles(double delay_s, double period_s, const std::string& keys) {
    const double c = std::ceil(delay_s / period_s - 1e-9);
    if (!(c <= max_block_cycles)) {   // also NaN and infinity
        std::ostringstream o;
        o << "a delay of " << delay_s << " s over a clock period of " << period_s
          << " s is more than 10^9 cycles: one of these parameters is out of range";
        throw input_error("", keys, o.str());
    }
    return std::max(1, static_cast<int>(c));
}

} // namespace pimscope::core
