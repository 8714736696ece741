#pragma once
// A binary neural network as a DAG of operators, in topological order.
// Numbers flowing through it are integers (see tensor.hpp): binary maps hold -1/+1,
// sums and the residual/concat streams hold exact integers.
#include "pimscope/sw/tensor.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pimscope::sw {

enum class op_kind {
    input,          // the image (multi-bit integers after input quantisation)
    conv,           // 2-D convolution; binary=true: +-1 weights on crossbars
    fc,             // fully connected (a conv whose kernel covers the whole input map)
    maxpool,
    avgpool,        // floor(sum / window) of integers
    global_avgpool, // avgpool over the whole map -> C x 1 x 1
    add,            // residual add of two maps of equal shape
    concat,         // channel concatenation (inputs in listed order)
    batchnorm,      // per-channel integer affine y = (mul*x + add) >> shift, saturated to bits
    threshold,      // batch-norm folded into a per-channel threshold, then sign -> +-1
    sign,           // x >= 0 -> +1, else -1
    relu,
    flatten,        // C x H x W -> (C*H*W) x 1 x 1, CHW order
};

const char* to_string(op_kind k);

struct node {
    std::string name;
    op_kind kind = op_kind::input;
    std::vector<int> inputs;       // indices of producer nodes (all smaller than this node's)

    // conv / fc / pooling geometry
    int out_channels = 0;          // conv/fc
    int kernel = 1;                // square kernel (pooling window for pools)
    int stride = 1;
    int pad = 0;
    // conv/fc: true = +-1 weights mapped on crossbars (input must be binary or the
    // multi-bit network input); false = full-precision integer weights, digital unit.
    bool binary = true;
    // Value of padded input elements of a binary conv: 0 (neither row driven; the study),
    // +1 or -1. Pooling pads with -inf (max) or is not padded (avg).
    int pad_value = 0;

    shape3 out;                    // filled by infer_shapes
    int line = 0;                  // line in the source file, for messages

    // Parameter files named by the network file (.npy, paths resolved; empty = none):
    // conv/fc weights; threshold thresholds + directions; batchnorm mul + add (+ shift).
    struct param_files {
        std::string weights, thresholds, directions, mul, add;
        bool any() const {
            return !weights.empty() || !thresholds.empty() || !directions.empty() || !mul.empty() ||
                   !add.empty();
        }
    } files;
    int shift = 0;                 // batchnorm: the right shift that goes with mul/add files
    // batchnorm/add: the output is a signed fixed-point word of `bits` bits and saturates
    // (0: no width below the int32 maps; docs/networks.md, "Fixed point").
    int bits = 0;
};

struct graph {
    std::string name;
    std::string source;            // file it was loaded from
    shape3 input_shape;
    std::vector<node> nodes;       // nodes[0] is the input; topological order
    std::string weights_dir;       // directory the node parameter files are relative to

    // Checks the DAG and fills node::out. Throws input_error naming the file and node
    // when shapes do not chain (channel mismatch, kernel larger than map, ...).
    void infer_shapes();
    // Nodes that own weights on crossbars (binary conv/fc), in execution order.
    std::vector<int> crossbar_layers() const;
    // Output columns of the widest crossbar layer (0: none); the tile is sized by it.
    int widest_crossbar_columns() const;
    // True when node i consumes the multi-bit network input directly.
    bool reads_network_input(int i) const;
    int find(const std::string& name) const;  // -1 if absent
    int output_node() const { return int(nodes.size()) - 1; }
};

// Loaders. Both throw input_error naming the file and line on malformed input.
graph load_network_yaml(const std::string& path);
// NeuroSim NetWork.csv: IFM_H,IFM_W,IFM_C,K_H,K_W,OFM_C,pool(0/1),stride per row.
// Per row conv (binary) -> threshold [-> maxpool 2], the first layer reading the network
// input; rows with IFM 1x1 become fc layers. A row whose stated input map the previous
// row does not produce reads an earlier map, a concatenation or a pool that does
// (docs/networks.md, "NeuroSim tables").
graph load_neurosim_csv(const std::string& path);
// Chooses the loader by extension (.yaml/.yml, .csv).
graph load_network(const std::string& path);

} // namespace pimscope::sw
