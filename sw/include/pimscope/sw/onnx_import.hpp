#pragma once
// ONNX -> pimscope network: the graph in pimscope's integer operator set and its
// parameters. Constant subgraphs (Sign/Where/Cast on weights) are folded first. Values
// are tracked as real = a[c] * n + b[c] over an integer map n, so that
//  * BatchNormalization followed by a sign (Sign, or Where(GreaterOrEqual(x, 0), 1, -1))
//    becomes a threshold node with exact integer thresholds;
//  * scalar input scaling (x / 255) and conv/fc biases are carried along;
//  * a conv/fc whose weights are all +-1 is a binary crossbar layer, one with small
//    integer weights a full-precision (digital) layer; anything else is refused.
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/onnx_model.hpp"
#include "pimscope/sw/weights.hpp"

#include <string>

namespace pimscope::sw {

struct imported_network {
    graph g;
    network_params params;
};

// Throws input_error naming the file and the ONNX node for anything it cannot represent.
imported_network import_onnx(const onnx_graph& model, const std::string& name);
imported_network import_onnx_file(const std::string& path);

// The imported graph as a table: layer, type, shapes, binary or not, crossbar rows x cols.
std::string format_import_summary(const graph& g);

} // namespace pimscope::sw
