#pragma once
// The digital operators a tile's output unit applies on the way out (DESIGN §2): folded
// batch-norm, threshold/sign, ReLU, residual add, concat, pooling, flatten, on exact
// integers, row by row as the map streams out. The fast functional mode and the SystemC
// chip compute them with these same functions. Plain C++.
#include "pimscope/kernel/tensor.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::kernel {

enum class digital_kind : uint8_t {
    batchnorm,        // y = (mul[c] * x + add[c]) >> shift (arithmetic shift: floor), saturated
    threshold,        // y = +1 iff dir[c] * x >= thr[c], else -1 (batch-norm + sign folded)
    sign,             // y = +1 iff x >= 0
    relu,
    maxpool,          // padding is -inf
    avgpool,          // floor of the mean over the window's real elements
    global_avgpool,   // C x H x W -> C x 1 x 1
    add,              // residual add of two maps of equal shape, saturated
    concat,           // channel concatenation, inputs in order
    flatten,          // C x H x W -> (C*H*W) x 1 x 1 in CHW order
    conv,             // a multi-bit (integer-weight) conv/fc run by the unit, zero padding
};

// One operator with its parameters (not owned: they live in the network's parameters).
struct digital_op {
    digital_kind kind = digital_kind::sign;
    std::string name;                         // the node, for messages
    int kernel = 1, stride = 1, pad = 0;      // pooling window
    const std::vector<int32_t>* mul = nullptr;
    const std::vector<int32_t>* add = nullptr;
    int shift = 0;
    // batchnorm/add: the output is a signed fixed-point word of this many bits and
    // saturates at its limits (0: the int32 the maps are held in).
    int bits = 0;
    const std::vector<int32_t>* thr = nullptr;
    const std::vector<int8_t>* dir = nullptr;
    // conv: weights[k][ky][kx][c] (fc: [k][flattened CHW input]), out_channels, fc.
    const std::vector<int8_t>* weights = nullptr;
    int out_channels = 0;
    bool fc = false;
};

struct row_range {
    int first = 0;   // first input row needed (clamped to >= 0)
    int last = 0;    // last input row needed (clamped to < input height)
};

// Input rows (of an input of height in_h) that output row `out_row` depends on.
row_range input_rows(const digital_op& op, int in_h, int out_row);

// Output rows [row_begin, row_end) of `op` into `out` (already shaped as its output). The
// inputs need valid data only in the rows those output rows depend on. Throws input_error
// naming the operator when its parameters do not match its input.
void digital_rows(const digital_op& op, const std::vector<const tensor*>& inputs, tensor& out,
                  int row_begin, int row_end);

} // namespace pimscope::kernel
