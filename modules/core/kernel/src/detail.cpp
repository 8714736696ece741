#include "detail.hpp"

#include "pimscope/common/error.hpp"

namespace pimscope::kernel::detail {

void fail(const conv_geometry& g, const std::string& what) {
    throw input_error("", "node '" + g.name + "'", what);
}

} // namespace pimscope::kernel::detail
