// The golden reference: exact integer inference with plain loops. Everything here is the
// definition the crossbar path and the SystemC platform are checked against, so it favours
// clarity; the conv is arranged (HWC, contiguous dot products) only so that a 224x224
// network stays usable as a reference in tests. Binary conv/fc layers take the bit-packed
// XNOR/popcount form (golden_bitpacked.cpp) when their values allow it: the same sums,
// about 64 synapses per instruction, which makes the check of a run cheap beside the run.
#include "pimscope/sw/golden.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/kernel_adapters.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace pimscope::sw {
namespace {

[[noreturn]] void fail(const node& n, const std::string& what) {
    throw input_error("", "node '" + n.name + "'", what);
}

std::string shape_str(shape3 s) {
    return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

// Output side of a sliding window (floor mode, like the usual frameworks).
int window_out(const node& n, int in, const char* axis) {
    if (n.kernel < 1 || n.stride < 1 || n.pad < 0) fail(n, "kernel and stride must be >= 1, pad >= 0");
    const int span = in + 2 * n.pad - n.kernel;
    if (span < 0)
        fail(n, std::string("kernel ") + std::to_string(n.kernel) + " larger than the padded input " +
                    axis + " " + std::to_string(in + 2 * n.pad));
    return span / n.stride + 1;
}

// The shape we compute must agree with what infer_shapes promised downstream consumers.
void check_out(const node& n, shape3 got) {
    if (n.out.size() != 0 && n.out != got)
        fail(n, "computed output " + shape_str(got) + " differs from the inferred shape " +
                    shape_str(n.out));
}

void need_params(const node& n, std::size_t have, std::size_t want, const char* what) {
    if (have != want)
        fail(n, std::string(what) + ": expected " + std::to_string(want) + " values, have " +
                    std::to_string(have));
}

int32_t saturate(int64_t v) {
    // Values never approach int32 in a sane network; saturating keeps a broken one defined.
    return int32_t(std::clamp<int64_t>(v, std::numeric_limits<int32_t>::min(),
                                       std::numeric_limits<int32_t>::max()));
}

// Output shape of node n for these inputs; also validates geometry and arity.
shape3 out_shape(const node& n, const std::vector<const tensor*>& inputs) {
    auto arity = [&](std::size_t want) {
        if (inputs.size() != want || std::any_of(inputs.begin(), inputs.end(),
                                                 [](const tensor* t) { return t == nullptr; }))
            fail(n, "expected " + std::to_string(want) + " input(s), got " +
                        std::to_string(inputs.size()));
    };
    switch (n.kind) {
    case op_kind::input:
        fail(n, "the input node has no operator");
    case op_kind::concat: {
        if (inputs.empty()) fail(n, "concat needs at least one input");
        arity(inputs.size());
        shape3 s = inputs[0]->shape;
        s.c = 0;
        for (const tensor* t : inputs) {
            if (t->shape.h != s.h || t->shape.w != s.w)
                fail(n, "concat of maps with different spatial sizes");
            s.c += t->shape.c;
        }
        return s;
    }
    case op_kind::add:
        arity(2);
        if (inputs[0]->shape != inputs[1]->shape)
            fail(n, "add of maps with different shapes " + shape_str(inputs[0]->shape) + " and " +
                        shape_str(inputs[1]->shape));
        return inputs[0]->shape;
    default:
        break;
    }
    arity(1);
    const shape3 in = inputs[0]->shape;
    switch (n.kind) {
    case op_kind::fc:
        if (n.out_channels < 1) fail(n, "out_channels must be >= 1");
        return {n.out_channels, 1, 1};
    case op_kind::conv:
        if (n.out_channels < 1) fail(n, "out_channels must be >= 1");
        return {n.out_channels, window_out(n, in.h, "height"), window_out(n, in.w, "width")};
    case op_kind::maxpool:
    case op_kind::avgpool:
        return {in.c, window_out(n, in.h, "height"), window_out(n, in.w, "width")};
    case op_kind::global_avgpool:
        if (in.h * in.w == 0) fail(n, "empty input map");
        return {in.c, 1, 1};
    case op_kind::flatten:
        return {int(in.size()), 1, 1};
    default:
        return in;
    }
}

// Conv/fc output rows [rb, re) by direct summation.
void conv_rows(const node& n, const node_params& p, const tensor& in, tensor& out, int rb, int re) {
    const shape3 is = in.shape;
    const int K = n.out_channels;
    if (n.kind == op_kind::fc) {
        // The kernel is the whole input map; synapse order = flattened CHW index, so the
        // weights are [k][c*H*W + y*W + x] (for a C x 1 x 1 input this is [k][c]).
        const std::size_t fan_in = is.size();
        need_params(n, p.weights.size(), fan_in * K, "fc weights");
        if (rb >= re || conv_rows_bitpacked(n, p, in, out, rb, re)) return;
        for (int k = 0; k < K; ++k) {
            const int8_t* w = &p.weights[std::size_t(k) * fan_in];
            int64_t acc = 0;
            for (std::size_t s = 0; s < fan_in; ++s) acc += int64_t(w[s]) * in.v[s];
            out.v[std::size_t(k)] = saturate(acc);
        }
        return;
    }
    if (n.kind != op_kind::conv) fail(n, "conv_reference called on a non-conv node");
    const int k = n.kernel, s = n.stride, pad = n.pad, C = is.c;
    need_params(n, p.weights.size(), std::size_t(K) * k * k * C, "conv weights");
    if (rb >= re || conv_rows_bitpacked(n, p, in, out, rb, re)) return;
    const int32_t pad_value = n.binary ? n.pad_value : 0;
    const int ow = out.shape.w;

    // Padded HWC copy of the input rows these output rows read: for fixed ky the k*C
    // inputs of a window row are contiguous, and so are the matching weights
    // [k][ky][kx][c]; the inner loop is a plain dot product.
    const int y0 = rb * s - pad;                  // first (padded) input row read
    const int rows = (re - 1 - rb) * s + k;
    const int wp = is.w + 2 * pad;
    std::vector<int32_t> hwc(std::size_t(rows) * wp * C, pad_value);
    for (int c = 0; c < C; ++c)
        for (int r = 0; r < rows; ++r) {
            const int y = y0 + r;
            if (y < 0 || y >= is.h) continue;
            for (int x = 0; x < is.w; ++x) hwc[(std::size_t(r) * wp + (x + pad)) * C + c] = in.at(c, y, x);
        }
    std::vector<int32_t> w32(p.weights.begin(), p.weights.end());
    const int row_len = k * C;
    for (int oy = rb; oy < re; ++oy)
        for (int ox = 0; ox < ow; ++ox)
            for (int kk = 0; kk < K; ++kk) {
                int64_t acc = 0;
                for (int ky = 0; ky < k; ++ky) {
                    const int32_t* x = &hwc[(std::size_t((oy - rb) * s + ky) * wp + ox * s) * C];
                    const int32_t* w = &w32[(std::size_t(kk) * k + ky) * row_len];
                    int32_t part = 0;   // |part| <= k*C*|w|*|x|: far from int32 limits
                    for (int i = 0; i < row_len; ++i) part += w[i] * x[i];
                    acc += part;
                }
                out.at(kk, oy, ox) = saturate(acc);
            }
}

} // namespace

tensor conv_reference(const node& n, const node_params& p, const tensor& in) {
    tensor out(out_shape(n, {&in}));
    conv_rows(n, p, in, out, 0, out.shape.h);
    return out;
}

void apply_digital_rows(const graph& g, int node_index, const node_params& p,
                        const std::vector<const tensor*>& inputs, tensor& out, int row_begin,
                        int row_end) {
    const node& n = g.nodes.at(std::size_t(node_index));
    const shape3 os = out_shape(n, inputs);
    check_out(n, os);
    if (out.shape != os || out.v.size() != os.size())
        fail(n, "output tensor is " + shape_str(out.shape) + ", expected " + shape_str(os));
    const int rb = std::max(row_begin, 0), re = std::min(row_end, os.h);
    if (rb >= re) return;
    if (n.kind == op_kind::conv || n.kind == op_kind::fc) {
        conv_rows(n, p, *inputs[0], out, rb, re);
        return;
    }
    // The other operators are the output units' (modules/core/kernel/digital_ops).
    kernel::digital_rows(digital_op_of(n, p), inputs, out, rb, re);
}

tensor apply_digital(const graph& g, int node_index, const node_params& p,
                     const std::vector<const tensor*>& inputs) {
    const node& n = g.nodes.at(std::size_t(node_index));
    tensor out(out_shape(n, inputs));
    apply_digital_rows(g, node_index, p, inputs, out, 0, out.shape.h);
    return out;
}

// A map the size of `s`, reusing t's storage when it already is.
void reshape(tensor& t, shape3 s) {
    if (t.shape == s && t.v.size() == s.size()) return;
    t.shape = s;
    t.v.assign(s.size(), 0);
}

void golden_run(const graph& g, const network_params& p, const tensor& input, std::vector<tensor>& maps) {
    if (g.nodes.empty()) throw input_error(g.source, "", "the network has no nodes");
    if (p.nodes.size() != g.nodes.size())
        throw input_error(g.source, "", "parameters for " + std::to_string(p.nodes.size()) +
                                            " nodes, network has " + std::to_string(g.nodes.size()));
    if (g.input_shape.size() != 0 && input.shape != g.input_shape)
        throw input_error(g.source, "input", "image shape " + shape_str(input.shape) +
                                                 " differs from the network input " +
                                                 shape_str(g.input_shape));
    maps.resize(g.nodes.size());
    maps[0] = input;
    std::vector<const tensor*> ins;
    for (std::size_t i = 1; i < g.nodes.size(); ++i) {
        const node& n = g.nodes[i];
        ins.clear();
        for (int j : n.inputs) {
            if (j < 0 || std::size_t(j) >= i) fail(n, "input index out of order");
            ins.push_back(&maps[std::size_t(j)]);
        }
        if (n.out.size() != 0) {
            // Every operator writes all of its output rows: the previous image's values
            // need no clearing (apply_digital_rows checks n.out against the inputs).
            reshape(maps[i], n.out);
            apply_digital_rows(g, int(i), p.nodes[i], ins, maps[i], 0, n.out.h);
        } else {
            maps[i] = apply_digital(g, int(i), p.nodes[i], ins);
        }
    }
}

std::vector<tensor> golden_run(const graph& g, const network_params& p, const tensor& input) {
    std::vector<tensor> maps;
    golden_run(g, p, input, maps);
    return maps;
}

} // namespace pimscope::sw
