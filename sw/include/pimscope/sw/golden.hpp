#pragma once
// The golden reference: exact integer BNN inference, the ground truth every hardware
// run is compared with. Straightforward loops (XNOR/popcount on binary layers), no
// crossbars, no quantisation.
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"
#include "pimscope/sw/weights.hpp"

#include <vector>

namespace pimscope::sw {

// Output of every node (index = node index). input: the quantised network input.
std::vector<tensor> golden_run(const graph& g, const network_params& p, const tensor& input);
// The same into `maps`, reusing the storage of the maps it already holds: a stream of
// images then allocates (and page-faults in) its tens of MB of maps once, not per image.
void golden_run(const graph& g, const network_params& p, const tensor& input, std::vector<tensor>& maps);

// The digital operators, shared with the functional mode and the platform's units so
// that everything that is not a crossbar computes identically everywhere.
tensor apply_digital(const graph& g, int node_index, const node_params& p,
                     const std::vector<const tensor*>& inputs);
// The same operators for output rows [row_begin, row_end) only, writing into `out`
// (already shaped as the node's output). Inputs need valid data only in the rows those
// output rows depend on (see row_window in rows.hpp). The platform streams maps row by row.
void apply_digital_rows(const graph& g, int node_index, const node_params& p,
                        const std::vector<const tensor*>& inputs, tensor& out, int row_begin,
                        int row_end);
// Exact conv/fc (binary or full precision): bit-packed for binary layers that allow it,
// direct summation otherwise.
tensor conv_reference(const node& n, const node_params& p, const tensor& in);

// The bit-packed XNOR/popcount form of conv/fc output rows [row_begin, row_end), used for
// binary layers whose inputs and pad value are -1, 0 or +1 and whose weights are -1/+1
// (every crossbar layer but one reading a multi-bit network input). Returns false, `out`
// untouched, for any other layer, which is then summed directly. Its packing is its own,
// not the crossbar kernel's (golden_bitpacked.cpp says why). Declared here for its test.
bool conv_rows_bitpacked(const node& n, const node_params& p, const tensor& in, tensor& out,
                         int row_begin, int row_end);

} // namespace pimscope::sw
