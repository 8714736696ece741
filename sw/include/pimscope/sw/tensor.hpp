#pragma once
// The kernel owns the map types (it is below sw/); sw/ keeps using them by their old names.
#include "pimscope/kernel/tensor.hpp"

namespace pimscope::sw {

using kernel::shape3;
using kernel::tensor;

} // namespace pimscope::sw
