#pragma once
// Row dependencies for streaming a map through the pipeline row by row: which rows of an
// input a node needs to produce one output row.
#include "pimscope/kernel/digital_ops.hpp"
#include "pimscope/sw/graph.hpp"

namespace pimscope::sw {

using kernel::row_range;

// Input rows of input slot `slot` of node `i` that output row `out_row` depends on.
// Whole-map operators (fc, flatten, global_avgpool) need every row.
row_range row_window(const graph& g, int i, int slot, int out_row);

// True when node i's output holds only -1/+1 (threshold, sign, and max-pooling,
// flattening or concatenation of such maps): these move as 1 bit per element.
bool produces_binary_map(const graph& g, int i);

} // namespace pimscope::sw
