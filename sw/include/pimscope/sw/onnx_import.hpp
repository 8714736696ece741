#pragma once
// ONNX -> pimscope network: the graph in pimscope's integer operator set and its
// parameters. Constant subgraphs (Sign/Where/Cast on weights) are folded first. Values
// are tracked as real = a[c] * n + b[c] over an integer map n, so that
//  * BatchNormalization followed by a sign (Sign, or Where(GreaterOrEqual(x, 0), 1, -1))
//    becomes a threshold node with exact integer thresholds;
//  * scalar input scaling (x / 255) and conv/fc biases are carried along;
//  * a conv/fc whose weights are all +-1 is a binary crossbar layer, one with small
//    integer weights a full-precision (digital) layer, one with real weights a multi-bit
//    layer (weights quantised per output channel, import_options::weight_bits);
//  * real-valued maps that must exist as numbers (the operands of a residual add of
//    different scales, the input of a multi-bit layer, the logits) are materialised in
//    the fixed-point format import_options::residual (a batchnorm node with `bits`).
#include "pimscope/sw/fixed_point.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/onnx_model.hpp"
#include "pimscope/sw/weights.hpp"

#include <string>

namespace pimscope::sw {

struct import_options {
    int weight_bits = 8;               // multi-bit (real-valued) conv/fc weights, 2..8
    fixed_point_format residual;       // real-valued maps: the residual stream, BN outputs
};

// How a node's numbers differ from the float model's (per node; empty for exact nodes).
struct layer_precision {
    std::string weights;     // "binary", "int", "8-bit" (conv/fc)
    std::string format;      // fixed-point format of the output, when it has one
    // Worst-case |deviation| from the float model this node adds to its output, in real
    // units, for inputs within their bounds (8-bit pixels for the network input).
    double max_error = 0;
};

struct imported_network {
    graph g;
    network_params params;
    std::vector<layer_precision> precision;   // one per node
};

// Throws input_error naming the file and the ONNX node for anything it cannot represent.
imported_network import_onnx(const onnx_graph& model, const std::string& name, const import_options& o = {});
imported_network import_onnx_file(const std::string& path, const import_options& o = {});

// The imported graph as a table: layer, type, shapes, weights (binary, int or multi-bit),
// crossbar rows x cols, fixed-point format and worst-case deviation.
std::string format_import_summary(const imported_network& net);

} // namespace pimscope::sw
