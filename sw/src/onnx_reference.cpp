#include "pimscope/sw/onnx_reference.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace pimscope::sw {

namespace {

using dims_t = std::vector<int64_t>;

[[noreturn]] void fail(const onnx_graph& g, const onnx_node& n, const std::string& what) {
    throw input_error(g.source, "node " + n.label(), what);
}

int64_t count(const dims_t& d) {
    return std::accumulate(d.begin(), d.end(), int64_t(1), std::multiplies<int64_t>());
}

// Geometry of a 2-D convolution or pooling window over an NCHW input.
struct window2d {
    int64_t kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
    int64_t pt = 0, pl = 0, pb = 0, pr = 0;
    int64_t oh = 0, ow = 0;
};

window2d window_of(const onnx_graph& g, const onnx_node& n, const dims_t& x, int64_t kh, int64_t kw,
                   bool pooling) {
    if (x.size() != 4) fail(g, n, "only 2-D (NCHW) inputs are supported, got rank " + std::to_string(x.size()));
    window2d w;
    w.kh = kh;
    w.kw = kw;
    const auto strides = n.ints_attr("strides");
    if (!strides.empty()) {
        if (strides.size() != 2) fail(g, n, "strides must have 2 values");
        w.sh = strides[0];
        w.sw = strides[1];
    }
    const auto dil = n.ints_attr("dilations");
    if (!dil.empty()) {
        if (dil.size() != 2) fail(g, n, "dilations must have 2 values");
        w.dh = dil[0];
        w.dw = dil[1];
    }
    const int64_t ekh = (w.kh - 1) * w.dh + 1, ekw = (w.kw - 1) * w.dw + 1;
    const std::string pad = n.string_attr("auto_pad", "NOTSET");
    const bool ceil_mode = pooling && n.int_attr("ceil_mode", 0) != 0;
    if (pad == "NOTSET") {
        const auto pads = n.ints_attr("pads");
        if (!pads.empty()) {
            if (pads.size() != 4) fail(g, n, "pads must have 4 values");
            w.pt = pads[0];
            w.pl = pads[1];
            w.pb = pads[2];
            w.pr = pads[3];
        }
        auto out = [&](int64_t in, int64_t a, int64_t b, int64_t k, int64_t s) {
            const int64_t span = in + a + b - k;
            return (ceil_mode ? (span + s - 1) / s : span / s) + 1;
        };
        w.oh = out(x[2], w.pt, w.pb, ekh, w.sh);
        w.ow = out(x[3], w.pl, w.pr, ekw, w.sw);
    } else if (pad == "VALID") {
        w.oh = (x[2] - ekh) / w.sh + 1;
        w.ow = (x[3] - ekw) / w.sw + 1;
    } else if (pad == "SAME_UPPER" || pad == "SAME_LOWER") {
        w.oh = (x[2] + w.sh - 1) / w.sh;
        w.ow = (x[3] + w.sw - 1) / w.sw;
        const int64_t th = std::max<int64_t>(0, (w.oh - 1) * w.sh + ekh - x[2]);
        const int64_t tw = std::max<int64_t>(0, (w.ow - 1) * w.sw + ekw - x[3]);
        const bool upper = pad == "SAME_UPPER";
        w.pt = upper ? th / 2 : th - th / 2;
        w.pb = th - w.pt;
        w.pl = upper ? tw / 2 : tw - tw / 2;
        w.pr = tw - w.pl;
    } else {
        fail(g, n, "unsupported auto_pad '" + pad + "'");
    }
    if (w.oh < 1 || w.ow < 1) fail(g, n, "window larger than the padded input");
    return w;
}

dims_t broadcast(const onnx_graph& g, const onnx_node& n, const dims_t& a, const dims_t& b) {
    const std::size_t r = std::max(a.size(), b.size());
    dims_t out(r);
    for (std::size_t i = 0; i < r; ++i) {
        const int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
        const int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
        if (da != db && da != 1 && db != 1) fail(g, n, "shapes do not broadcast");
        out[i] = std::max(da, db);
    }
    return out;
}

// Index into a broadcast operand for a flat output index.
int64_t broadcast_index(const dims_t& out, const dims_t& operand, int64_t flat) {
    int64_t idx = 0, stride = 1;
    const std::size_t off = out.size() - operand.size();
    for (std::size_t i = out.size(); i-- > 0;) {
        const int64_t coord = flat % out[i];
        flat /= out[i];
        if (i >= off) {
            const int64_t d = operand[i - off];
            if (d != 1) idx += coord * stride;
            stride *= d;
        }
    }
    return idx;
}

int64_t normalise_axis(const onnx_graph& g, const onnx_node& n, int64_t axis, std::size_t rank,
                       bool inclusive) {
    const int64_t r = int64_t(rank) + (inclusive ? 1 : 0);
    if (axis < 0) axis += int64_t(rank);
    if (axis < 0 || axis >= r) fail(g, n, "axis out of range");
    return axis;
}

const onnx_tensor* constant(const onnx_graph& g, const std::string& name) {
    auto it = g.constants.find(name);
    return it == g.constants.end() ? nullptr : &it->second;
}

dims_t reshape_target(const onnx_graph& g, const onnx_node& n, const dims_t& x) {
    const onnx_tensor* shape = n.inputs.size() > 1 ? constant(g, n.inputs[1]) : nullptr;
    if (!shape) fail(g, n, "the target shape must be a constant (dynamic shapes are not supported)");
    dims_t out;
    int64_t known = 1, infer = -1;
    for (std::size_t i = 0; i < shape->data.size(); ++i) {
        int64_t d = int64_t(shape->data[i]);
        if (d == 0) d = x.at(i);
        if (d == -1) {
            infer = int64_t(i);
            d = 1;
        } else {
            known *= d;
        }
        out.push_back(d);
    }
    if (infer >= 0) out[std::size_t(infer)] = count(x) / known;
    if (count(out) != count(x)) fail(g, n, "reshape changes the number of elements");
    return out;
}

} // namespace

const std::vector<std::string>& onnx_supported_ops() {
    static const std::vector<std::string> ops = {
        "Conv", "Gemm", "MatMul", "BatchNormalization", "Sign", "Relu", "Clip",
        "MaxPool", "AveragePool", "GlobalAveragePool", "Add", "Mul", "Div", "Sub",
        "Concat", "Flatten", "Reshape", "Identity", "Greater", "GreaterOrEqual", "Where",
        "Neg", "Pad"};
    return ops;
}

std::vector<dims_t> onnx_infer_shapes(const onnx_graph& g, const onnx_node& n,
                                      const std::vector<dims_t>& in) {
    const std::string& op = n.op;
    auto need = [&](std::size_t k) {
        if (in.size() < k)
            fail(g, n, "expects " + std::to_string(k) + " inputs, has " + std::to_string(in.size()));
    };
    for (const auto& d : in)
        for (auto v : d)
            if (v < 0) fail(g, n, "has a dynamic (symbolic) input dimension; give the model fixed shapes");
    if (op == "Conv") {
        need(2);
        if (n.int_attr("group", 1) != 1) fail(g, n, "grouped convolution is not supported");
        if (in[1].size() != 4) fail(g, n, "only 2-D convolution is supported");
        if (in[0].size() != 4 || in[0][1] != in[1][1]) fail(g, n, "input channels do not match the weights");
        const auto w = window_of(g, n, in[0], in[1][2], in[1][3], false);
        return {{in[0][0], in[1][0], w.oh, w.ow}};
    }
    if (op == "MaxPool" || op == "AveragePool") {
        need(1);
        const auto k = n.ints_attr("kernel_shape");
        if (k.size() != 2) fail(g, n, "only 2-D pooling is supported (kernel_shape must have 2 values)");
        if (n.outputs.size() > 1) fail(g, n, "the Indices output of MaxPool is not supported");
        const auto w = window_of(g, n, in[0], k[0], k[1], true);
        return {{in[0][0], in[0][1], w.oh, w.ow}};
    }
    if (op == "GlobalAveragePool") {
        need(1);
        if (in[0].size() != 4) fail(g, n, "only NCHW inputs are supported");
        return {{in[0][0], in[0][1], 1, 1}};
    }
    if (op == "Gemm") {
        need(2);
        if (in[0].size() != 2 || in[1].size() != 2) fail(g, n, "Gemm needs 2-D A and B");
        const bool ta = n.int_attr("transA", 0), tb = n.int_attr("transB", 0);
        const int64_t m = ta ? in[0][1] : in[0][0], k = ta ? in[0][0] : in[0][1];
        const int64_t kb = tb ? in[1][1] : in[1][0], nn = tb ? in[1][0] : in[1][1];
        if (k != kb) fail(g, n, "inner dimensions differ");
        if (in.size() > 2) broadcast(g, n, {m, nn}, in[2]);
        return {{m, nn}};
    }
    if (op == "MatMul") {
        need(2);
        if (in[0].size() != 2 || in[1].size() != 2) fail(g, n, "only 2-D MatMul is supported");
        if (in[0][1] != in[1][0]) fail(g, n, "inner dimensions differ");
        return {{in[0][0], in[1][1]}};
    }
    if (op == "BatchNormalization") {
        need(5);
        if (n.int_attr("training_mode", 0) != 0) fail(g, n, "training_mode BatchNormalization is not supported");
        return {in[0]};
    }
    if (op == "Add" || op == "Mul" || op == "Div" || op == "Sub" || op == "Greater" ||
        op == "GreaterOrEqual") {
        need(2);
        return {broadcast(g, n, in[0], in[1])};
    }
    if (op == "Where") {
        need(3);
        return {broadcast(g, n, broadcast(g, n, in[0], in[1]), in[2])};
    }
    if (op == "Concat") {
        need(1);
        const int64_t axis = normalise_axis(g, n, n.int_attr("axis", 0), in[0].size(), false);
        dims_t out = in[0];
        for (std::size_t i = 1; i < in.size(); ++i) {
            if (in[i].size() != out.size()) fail(g, n, "inputs differ in rank");
            for (std::size_t d = 0; d < out.size(); ++d)
                if (int64_t(d) != axis && in[i][d] != out[d]) fail(g, n, "inputs differ off the concat axis");
            out[std::size_t(axis)] += in[i][std::size_t(axis)];
        }
        return {out};
    }
    if (op == "Flatten") {
        need(1);
        const int64_t axis = normalise_axis(g, n, n.int_attr("axis", 1), in[0].size(), true);
        int64_t a = 1, b = 1;
        for (std::size_t d = 0; d < in[0].size(); ++d) (int64_t(d) < axis ? a : b) *= in[0][d];
        return {{a, b}};
    }
    if (op == "Reshape") {
        need(1);
        return {reshape_target(g, n, in[0])};
    }
    if (op == "Sign" || op == "Relu" || op == "Clip" || op == "Identity" || op == "Neg") {
        need(1);
        return {in[0]};
    }
    if (op == "Pad") {
        // PyTorch writes a Pad of nothing in front of some poolings; only that one exists here.
        const auto* pads = n.inputs.size() > 1 ? constant(g, n.inputs[1]) : nullptr;
        const auto listed = n.ints_attr("pads");   // opset < 11
        const bool none = pads ? std::all_of(pads->data.begin(), pads->data.end(), [](float v) { return v == 0; })
                               : std::all_of(listed.begin(), listed.end(), [](int64_t v) { return v == 0; });
        if (!none) fail(g, n, "only a Pad of zero elements is supported (pad in the Conv or pooling instead)");
        need(1);
        return {in[0]};
    }
    std::string list;
    for (const auto& s : onnx_supported_ops()) list += (list.empty() ? "" : ", ") + s;
    fail(g, n, "unsupported operator; supported: " + list);
}

std::vector<onnx_tensor> onnx_run_node(const onnx_graph& g, const onnx_node& n,
                                       const std::vector<const onnx_tensor*>& in) {
    std::vector<dims_t> shapes;
    for (const auto* t : in) shapes.push_back(t ? t->dims : dims_t{});
    const auto out_shapes = onnx_infer_shapes(g, n, shapes);
    onnx_tensor out;
    out.dims = out_shapes[0];
    out.data.assign(std::size_t(count(out.dims)), 0.0f);
    const std::string& op = n.op;
    auto& y = out.data;

    if (op == "Conv" || op == "MaxPool" || op == "AveragePool") {
        const auto& x = *in[0];
        const bool conv = op == "Conv";
        const auto k = conv ? dims_t{x.dims[0], x.dims[1], in[1]->dims[2], in[1]->dims[3]}
                            : dims_t{0, 0, n.ints_attr("kernel_shape")[0], n.ints_attr("kernel_shape")[1]};
        const auto w = window_of(g, n, x.dims, k[2], k[3], !conv);
        const int64_t N = x.dims[0], C = x.dims[1], H = x.dims[2], W = x.dims[3];
        const int64_t K = out.dims[1];
        const bool include_pad = n.int_attr("count_include_pad", 0) != 0;
        for (int64_t b = 0; b < N; ++b)
            for (int64_t o = 0; o < K; ++o)
                for (int64_t oy = 0; oy < w.oh; ++oy)
                    for (int64_t ox = 0; ox < w.ow; ++ox) {
                        double acc = conv ? (in.size() > 2 ? in[2]->data[std::size_t(o)] : 0.0)
                                          : (op == "MaxPool" ? -std::numeric_limits<double>::infinity() : 0.0);
                        int64_t seen = 0, padded_span = 0;
                        const int64_t cbeg = conv ? 0 : o, cend = conv ? C : o + 1;
                        for (int64_t c = cbeg; c < cend; ++c)
                            for (int64_t ky = 0; ky < w.kh; ++ky)
                                for (int64_t kx = 0; kx < w.kw; ++kx) {
                                    const int64_t iy = oy * w.sh + ky * w.dh - w.pt;
                                    const int64_t ix = ox * w.sw + kx * w.dw - w.pl;
                                    // count_include_pad counts the explicit padding, never the
                                    // ceil-mode overhang beyond it.
                                    if (iy < H + w.pb && ix < W + w.pr) ++padded_span;
                                    if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                                    const double v = x.data[std::size_t(((b * C + c) * H + iy) * W + ix)];
                                    if (conv) {
                                        acc += v * in[1]->data[std::size_t(((o * C + c) * w.kh + ky) * w.kw + kx)];
                                    } else if (op == "MaxPool") {
                                        acc = std::max(acc, v);
                                    } else {
                                        acc += v;
                                    }
                                    ++seen;
                                }
                        if (op == "AveragePool") acc /= double(include_pad ? padded_span : seen);
                        y[std::size_t(((b * K + o) * w.oh + oy) * w.ow + ox)] = float(acc);
                    }
        return {out};
    }
    if (op == "GlobalAveragePool") {
        const auto& x = *in[0];
        const int64_t plane = x.dims[2] * x.dims[3];
        for (std::size_t i = 0; i < y.size(); ++i) {
            double s = 0;
            for (int64_t j = 0; j < plane; ++j) s += x.data[i * std::size_t(plane) + std::size_t(j)];
            y[i] = float(s / double(plane));
        }
        return {out};
    }
    if (op == "Gemm" || op == "MatMul") {
        const auto& A = *in[0];
        const auto& B = *in[1];
        const bool ta = op == "Gemm" && n.int_attr("transA", 0), tb = op == "Gemm" && n.int_attr("transB", 0);
        const float alpha = op == "Gemm" ? n.float_attr("alpha", 1.0f) : 1.0f;
        const float beta = op == "Gemm" ? n.float_attr("beta", 1.0f) : 0.0f;
        const int64_t M = out.dims[0], Nn = out.dims[1], K = ta ? A.dims[0] : A.dims[1];
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < Nn; ++j) {
                double s = 0;
                for (int64_t k = 0; k < K; ++k) {
                    const double a = A.data[std::size_t(ta ? k * A.dims[1] + i : i * A.dims[1] + k)];
                    const double b = B.data[std::size_t(tb ? j * B.dims[1] + k : k * B.dims[1] + j)];
                    s += a * b;
                }
                double c = 0;
                if (op == "Gemm" && in.size() > 2)
                    c = in[2]->data[std::size_t(broadcast_index(out.dims, in[2]->dims, i * Nn + j))];
                y[std::size_t(i * Nn + j)] = float(alpha * s + beta * c);
            }
        return {out};
    }
    if (op == "BatchNormalization") {
        const auto& x = *in[0];
        const float eps = n.float_attr("epsilon", 1e-5f);
        const int64_t C = x.dims.size() > 1 ? x.dims[1] : 1;
        int64_t inner = 1;
        for (std::size_t d = 2; d < x.dims.size(); ++d) inner *= x.dims[d];
        for (std::size_t i = 0; i < y.size(); ++i) {
            const std::size_t c = std::size_t((int64_t(i) / inner) % C);
            const float scale = in[1]->data[c], bias = in[2]->data[c];
            const float mean = in[3]->data[c], var = in[4]->data[c];
            y[i] = (x.data[i] - mean) / std::sqrt(var + eps) * scale + bias;
        }
        return {out};
    }
    if (op == "Add" || op == "Mul" || op == "Div" || op == "Sub" || op == "Greater" ||
        op == "GreaterOrEqual") {
        for (std::size_t i = 0; i < y.size(); ++i) {
            const float a = in[0]->data[std::size_t(broadcast_index(out.dims, in[0]->dims, int64_t(i)))];
            const float b = in[1]->data[std::size_t(broadcast_index(out.dims, in[1]->dims, int64_t(i)))];
            y[i] = op == "Add" ? a + b : op == "Mul" ? a * b : op == "Div" ? a / b : op == "Sub" ? a - b
                 : op == "Greater" ? float(a > b) : float(a >= b);
        }
        return {out};
    }
    if (op == "Where") {
        for (std::size_t i = 0; i < y.size(); ++i) {
            const float c = in[0]->data[std::size_t(broadcast_index(out.dims, in[0]->dims, int64_t(i)))];
            const auto& src = c != 0.0f ? *in[1] : *in[2];
            y[i] = src.data[std::size_t(broadcast_index(out.dims, src.dims, int64_t(i)))];
        }
        return {out};
    }
    if (op == "Concat") {
        const int64_t axis = normalise_axis(g, n, n.int_attr("axis", 0), out.dims.size(), false);
        int64_t outer = 1, inner = 1;
        for (int64_t d = 0; d < axis; ++d) outer *= out.dims[std::size_t(d)];
        for (std::size_t d = std::size_t(axis) + 1; d < out.dims.size(); ++d) inner *= out.dims[d];
        std::size_t pos = 0;
        for (int64_t o = 0; o < outer; ++o)
            for (const auto* t : in) {
                const int64_t chunk = t->dims[std::size_t(axis)] * inner;
                for (int64_t j = 0; j < chunk; ++j) y[pos++] = t->data[std::size_t(o * chunk + j)];
            }
        return {out};
    }
    if (op == "Flatten" || op == "Reshape" || op == "Identity" || op == "Pad") {
        y = in[0]->data;
        return {out};
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        const float v = in[0]->data[i];
        if (op == "Sign") y[i] = float((v > 0) - (v < 0));
        else if (op == "Relu") y[i] = std::max(v, 0.0f);
        else if (op == "Neg") y[i] = -v;
        else {   // Clip: bounds from inputs (opset >= 11) or attributes (older)
            float lo = n.float_attr("min", -std::numeric_limits<float>::infinity());
            float hi = n.float_attr("max", std::numeric_limits<float>::infinity());
            if (in.size() > 1 && in[1]) lo = in[1]->data.at(0);
            if (in.size() > 2 && in[2]) hi = in[2]->data.at(0);
            y[i] = std::min(std::max(v, lo), hi);
        }
    }
    return {out};
}

std::map<std::string, onnx_tensor> onnx_run(const onnx_graph& g,
                                            const std::map<std::string, onnx_tensor>& inputs) {
    std::map<std::string, onnx_tensor> values = g.constants;
    for (const auto& [name, t] : inputs) values[name] = t;
    for (const auto& n : g.nodes) {
        std::vector<const onnx_tensor*> in;
        for (const auto& name : n.inputs) {
            if (name.empty()) {   // an omitted optional input
                in.push_back(nullptr);
                continue;
            }
            auto it = values.find(name);
            if (it == values.end())
                fail(g, n, "reads '" + name + "', which no node, input or initializer provides");
            in.push_back(&it->second);
        }
        while (!in.empty() && !in.back()) in.pop_back();
        for (const auto* p : in)
            if (!p && n.op != "Clip") fail(g, n, "has an omitted input in the middle");
        auto outs = onnx_run_node(g, n, in);
        for (std::size_t i = 0; i < outs.size() && i < n.outputs.size(); ++i)
            values[n.outputs[i]] = std::move(outs[i]);
    }
    return values;
}

} // namespace pimscope::sw
