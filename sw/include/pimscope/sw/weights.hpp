#pragma once
// Parameters of every node of a graph. Without weight files they are generated from a
// seed: the same seed gives the same network on every machine.
#include "pimscope/sw/graph.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::sw {

struct node_params {
    // conv/fc: weights[k][ky][kx][c] (output channel major, then kernel row, kernel column,
    // input channel). Binary layers hold -1/+1; full-precision layers small integers.
    std::vector<int8_t> weights;
    // batchnorm: y = (mul[c] * x + add[c]) >> shift  (arithmetic shift, floor)
    std::vector<int32_t> mul, add;
    int shift = 0;
    // threshold: y = (dir[c] * x >= thr[c]) ? +1 : -1, dir in {-1,+1}
    std::vector<int32_t> thr;
    std::vector<int8_t> dir;
};

struct network_params {
    std::vector<node_params> nodes;   // one per graph node (empty for parameter-free ops)
};

// Deterministic: weights uniform +-1; thresholds spread around the median of the sums
// the layer can produce so that outputs are balanced; batch-norm scales near 1.
network_params generate_params(const graph& g, uint64_t seed);

// Parameters from the .npy files the network file names (node::files), checked against
// the graph's shapes: conv weights int [K, C, kh, kw] (PyTorch OIHW), fc [K, C*H*W] (CHW
// flattening), both converted to the [k][ky][kx][c] order above; binary layers must hold
// -1/+1. threshold: thresholds int32 [C], directions int8 [C] (+-1). batchnorm: mul, add
// int32 [C] and the node's shift. Every conv/fc/threshold/batchnorm node must name its
// files (else input_error naming the node). Throws input_error naming the file on a bad
// shape, dtype or value.
network_params load_params(const graph& g);
// load_params when any node names a parameter file, generate_params(g, seed) otherwise.
network_params load_or_generate_params(const graph& g, uint64_t seed);

} // namespace pimscope::sw
