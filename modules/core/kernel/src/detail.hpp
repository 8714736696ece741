#pragma once
// What the kernel's sources share and nobody else needs (not installed with the headers).
#include "pimscope/kernel/geometry.hpp"

#include <string>

namespace pimscope::kernel::detail {

// Throws input_error naming the layer the way sw's graph checks name a node. Out of line:
// it sits on the error path of hot loops.
[[noreturn]] void fail(const conv_geometry& g, const std::string& what);

inline int ceil_div(int a, int b) { return (a + b - 1) / b; }

} // namespace pimscope::kernel::detail
