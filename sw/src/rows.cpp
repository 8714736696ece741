#include "pimscope/sw/rows.hpp"

#include "pimscope/sw/kernel_adapters.hpp"

#include <algorithm>

namespace pimscope::sw {

row_range row_window(const graph& g, int i, int slot, int out_row) {
    const node& n = g.nodes[i];
    const shape3& in = g.nodes[n.inputs[slot]].out;
    switch (n.kind) {
    case op_kind::conv: {
        const int first = out_row * n.stride - n.pad;
        return {std::max(0, first), std::min(in.h - 1, first + n.kernel - 1)};
    }
    case op_kind::fc:
        return {0, in.h - 1};
    default:
        // A digital node's dependencies are its output-unit operator's.
        return kernel::input_rows(digital_shape_of(n), in.h, out_row);
    }
}

bool produces_binary_map(const graph& g, int i) {
    const node& n = g.nodes[i];
    switch (n.kind) {
    case op_kind::threshold:
    case op_kind::sign:
        return true;
    case op_kind::maxpool:
    case op_kind::flatten:
    case op_kind::concat:
        return std::all_of(n.inputs.begin(), n.inputs.end(),
                           [&](int p) { return produces_binary_map(g, p); });
    default:
        return false;
    }
}

} // namespace pimscope::sw
