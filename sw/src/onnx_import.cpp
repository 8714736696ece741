#include "pimscope/sw/onnx_import.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/onnx_reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <sstream>

namespace pimscope::sw {

namespace {

constexpr double int32_min = -2147483648.0, int32_max = 2147483647.0;

// An ONNX value seen from pimscope: real = a[i] * n + b[i] over the integer map of a
// pimscope node (i = channel, or feature after a flatten), or a pending comparison
// (a*n + b >= 0, or > 0) waiting for the Where that turns it into +-1.
struct tracked {
    int node = -1;
    std::vector<double> a, b;       // one entry per channel/feature
    bool binary = false;            // n holds only -1/+1, b = 0, a one positive value (1 unless
                                    // scaled: Mul(Sign(x), beta), the XNOR-Net/Larq form)
    bool comparison = false;
    bool strict = false;            // comparison: > 0 instead of >= 0
    int rank = 4;                   // ONNX rank of the value: 4 (NCHW) or 2 (N x features)
    bool fixed = false;             // n is the map in the residual fixed-point format
    double bound = 0;               // largest |n| the map can hold (for error bounds)
};

class importer {
public:
    importer(const onnx_graph& m, const std::string& name, const import_options& o) : m_model(m), m_opt(o) {
        const auto& f = o.residual;
        if (o.weight_bits < 2 || o.weight_bits > 8)
            throw input_error(m.source, "weight bits", "must be 2..8, got " + std::to_string(o.weight_bits));
        if (f.bits < 2 || f.bits > 31 || f.fraction < 0 || f.fraction > f.bits - 1)
            throw input_error(m.source, "residual format",
                              "needs 2..31 bits and 0..bits-1 fraction bits, got " + std::to_string(f.bits) +
                                  " bits with " + std::to_string(f.fraction) + " fraction bits");
        m_out.g.name = name;
        m_out.g.source = m.source;
    }

    imported_network run() {
        m_consts = m_model.constants;
        m_nodes = m_model.nodes;
        add_input();
        for (const auto& n : m_model.nodes) {
            // Every operator below writes its first output: a node without one (a corrupt
            // or hand-made model) would be read past the end of its output list.
            if (n.outputs.empty() || n.outputs[0].empty()) fail(n, "has no output");
            if (all_inputs_constant(n)) {
                // Constant subgraphs (weights through Sign, Cast, Where, Transpose, the
                // ones_like of a straight-through sign ...) are evaluated now.
                std::vector<const onnx_tensor*> in;
                for (const auto& name : n.inputs) in.push_back(name.empty() ? nullptr : &m_consts.at(name));
                auto outs = fold(n, in);
                if (outs.size() > n.outputs.size())
                    fail(n, "has " + std::to_string(n.outputs.size()) + " outputs, the operator gives " +
                                std::to_string(outs.size()));
                for (std::size_t i = 0; i < outs.size(); ++i) m_consts[n.outputs[i]] = std::move(outs[i]);
            } else if (n.op == "Identity" && !n.inputs.empty() && m_consts.count(n.inputs[0])) {
                // PyTorch exports a parameter read twice (a shared BatchNorm, the running
                // statistics) as an Identity of its initializer: still a constant.
                m_consts[n.outputs.at(0)] = m_consts.at(n.inputs[0]);
            } else if (n.op == "Shape") {
                m_consts[n.outputs.at(0)] = shape_constant(n);
            } else {
                convert(n);
            }
        }
        finish();
        return std::move(m_out);
    }

private:
    [[noreturn]] void fail(const onnx_node& n, const std::string& what) const {
        throw input_error(m_model.source, "node " + n.label(), what);
    }

    // A size, stride or pad from the model as an int: checked, since a cast would read
    // 2^32 + 1 as 1 (the graph's own limits then see a plausible value).
    int to_int(const onnx_node& n, int64_t v, const char* what) const {
        if (v < 0 || v > (int64_t(1) << 30)) fail(n, std::string(what) + " " + std::to_string(v) + " is out of range");
        return int(v);
    }

    bool all_inputs_constant(const onnx_node& n) const {
        bool any = false;
        for (const auto& in : n.inputs) {
            if (in.empty()) continue;
            if (!m_consts.count(in)) return false;
            any = true;
        }
        return any && n.op != "Identity";
    }

    // Shapes are static here, so Shape of a computed map is a constant.
    onnx_tensor shape_constant(const onnx_node& n) const {
        const tracked& x = value(n, 0);
        const shape3 s = shape_of(x);
        onnx_tensor t;
        t.data = x.rank == 2 ? std::vector<float>{1.0f, float(s.size())}
                             : std::vector<float>{1.0f, float(s.c), float(s.h), float(s.w)};
        t.dims = {int64_t(t.data.size())};
        return t;
    }

    std::vector<onnx_tensor> fold(const onnx_node& n, const std::vector<const onnx_tensor*>& in) {
        if (n.op == "Cast") return {*in.at(0)};   // values are kept as float
        if (n.op == "ConstantOfShape") {
            onnx_tensor o;
            // A constant is built whole here: its shape is held to the map limit (2^28
            // elements), or a 20-byte node could ask for terabytes.
            double elements = 1;
            for (float d : in.at(0)->data) {
                if (!(d >= 0 && d <= float(int64_t(1) << 28)))
                    fail(n, "shape dimension " + std::to_string(d) + " is negative or too large");
                o.dims.push_back(int64_t(d));
                elements *= double(d);
            }
            if (elements > double(int64_t(1) << 28)) fail(n, "the constant would have more than 2^28 elements");
            auto it = n.attributes.find("value");
            const float v = it != n.attributes.end() && it->second.has_tensor && !it->second.t.data.empty()
                                ? it->second.t.data[0]
                                : 0.0f;
            o.data.assign(o.size(), v);
            return {o};
        }
        if (n.op == "Transpose") {
            const auto& t = *in.at(0);
            if (t.dims.size() != 2) fail(n, "only 2-D constant transposes are supported");
            onnx_tensor o;
            o.dims = {t.dims[1], t.dims[0]};
            o.data.resize(t.data.size());
            for (int64_t i = 0; i < t.dims[0]; ++i)
                for (int64_t j = 0; j < t.dims[1]; ++j)
                    o.data[std::size_t(j * t.dims[0] + i)] = t.data[std::size_t(i * t.dims[1] + j)];
            return {o};
        }
        return onnx_run_node(m_model, n, in);
    }

    void add_input() {
        if (m_model.inputs.size() != 1)
            throw input_error(m_model.source, "graph inputs",
                              "expected exactly one non-constant input, found " +
                                  std::to_string(m_model.inputs.size()));
        const auto& in = m_model.inputs[0];
        std::vector<int64_t> d = in.dims;
        if (!d.empty() && (d[0] == -1 || d[0] == 1)) d.erase(d.begin());   // batch
        for (auto v : d) {
            if (v < 1)
                throw input_error(m_model.source, "input '" + in.name + "'",
                                  "has a dynamic (symbolic) dimension; export with fixed shapes");
            // Checked before the cast to int: 2^32 + 3 channels would pass as 3.
            if (v > (int64_t(1) << 20))
                throw input_error(m_model.source, "input '" + in.name + "'",
                                  "dimension " + std::to_string(v) + " is larger than a map may be (2^20)");
        }
        shape3 s;
        if (d.size() == 3) s = {int(d[0]), int(d[1]), int(d[2])};
        else if (d.size() == 1) s = {int(d[0]), 1, 1};
        else
            throw input_error(m_model.source, "input '" + in.name + "'",
                              "expected shape [N, C, H, W] or [N, F]");
        m_out.g.input_shape = s;
        node n;
        n.name = "input";
        n.kind = op_kind::input;
        n.out = s;
        add_node(n, {});
        tracked t;
        t.node = 0;
        t.rank = d.size() == 1 ? 2 : 4;
        t.a.assign(std::size_t(s.c), 1.0);
        t.b.assign(std::size_t(s.c), 0.0);
        t.bound = 255;   // the error bounds assume 8-bit pixels (docs/networks.md)
        m_values[in.name] = t;
    }

    int add_node(node n, node_params p) {
        n.line = 0;
        m_out.g.nodes.push_back(std::move(n));
        m_out.params.nodes.push_back(std::move(p));
        m_out.precision.emplace_back();
        return int(m_out.g.nodes.size()) - 1;
    }

    const tracked& value(const onnx_node& n, std::size_t i) const {
        if (i >= n.inputs.size() || n.inputs[i].empty())
            fail(n, "has no input " + std::to_string(i + 1) + " (the operator needs at least " +
                        std::to_string(i + 1) + ")");
        auto it = m_values.find(n.inputs[i]);
        if (it == m_values.end()) {
            if (m_consts.count(n.inputs[i]))
                fail(n, "input '" + n.inputs[i] + "' is a constant where a computed map is expected");
            fail(n, "reads '" + n.inputs[i] + "', which no node, input or initializer provides");
        }
        return it->second;
    }
    const onnx_tensor* constant(const onnx_node& n, std::size_t i) const {
        if (i >= n.inputs.size() || n.inputs[i].empty()) return nullptr;
        auto it = m_consts.find(n.inputs[i]);
        return it == m_consts.end() ? nullptr : &it->second;
    }
    const onnx_tensor& need_constant(const onnx_node& n, std::size_t i, const char* what) const {
        const auto* c = constant(n, i);
        if (!c) fail(n, std::string("its ") + what + " must be an initializer (missing or computed)");
        return *c;
    }
    const shape3& shape_of(const tracked& t) const { return m_out.g.nodes[t.node].out; }
    std::string fresh_name(const onnx_node& n) { return unique_name(n.name.empty() ? n.outputs.at(0) : n.name); }
    std::string unique_name(std::string base) {
        for (char& c : base)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
        base.erase(0, base.find_first_not_of('_'));   // PyTorch names start with '/'
        if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0]))) base = "n" + base;
        std::string name = base;
        for (int k = 2; m_out.g.find(name) >= 0 || name == "input"; ++k) name = base + "_" + std::to_string(k);
        return name;
    }
    void infer(const onnx_node& n) {
        try {
            m_out.g.infer_shapes();
        } catch (const input_error& e) {
            fail(n, std::string("shape inference failed: ") + e.what());
        }
    }

    static bool uniform(const std::vector<double>& v) {
        return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
    }
    static bool zero(const std::vector<double>& v) {
        return std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; });
    }

    // A conv or fc with constant weights w (K rows of `fan_in` values in pimscope order).
    tracked linear_layer(const onnx_node& n, const tracked& x, op_kind kind, int K, int k,
                         int stride, int pad, std::vector<int8_t> w, bool binary,
                         const std::vector<double>& bias, double input_scale, double bound) {
        node nd;
        nd.name = fresh_name(n);
        nd.kind = kind;
        nd.inputs = {x.node};
        nd.out_channels = K;
        nd.kernel = k;
        nd.stride = stride;
        nd.pad = pad;
        nd.binary = binary;
        nd.pad_value = 0;
        node_params p;
        p.weights = std::move(w);
        tracked t;
        t.node = add_node(nd, std::move(p));
        infer(n);
        t.a.assign(std::size_t(K), input_scale);
        t.b = bias.empty() ? std::vector<double>(std::size_t(K), 0.0) : bias;
        t.rank = kind == op_kind::fc ? 2 : 4;
        t.bound = bound;
        return t;
    }

    // The weights of a conv/fc (K rows in pimscope order): +-1 -> binary, small integers
    // -> full precision as they are, anything else -> quantised per output channel.
    struct layer_weights {
        std::vector<int8_t> q;
        bool binary = true, multi_bit = false;
        std::vector<double> scale;     // multi-bit: per output channel, else 1
        double row_abs_max = 0;        // max_k sum_i |q| (bounds the output's n)
        double max_abs_error = 0;      // multi-bit: max_k sum_i |w - q s|
    };
    layer_weights weights_of(const onnx_node& n, const std::vector<float>& w, int K) const {
        layer_weights out;
        if (K < 1) return out;   // refused by the shape check with its own message
        bool integer = true;
        for (float v : w) {
            if (!std::isfinite(v)) fail(n, "has a weight that is not finite (NaN or infinite)");
            if (v != 1.0f && v != -1.0f) out.binary = false;
            if (v != std::nearbyint(v) || v < -127 || v > 127) integer = false;
        }
        if (integer) {
            out.q.assign(w.begin(), w.end());
            out.scale.assign(std::size_t(K), 1.0);
        } else if (scaled_signs(w, K, out)) {
            // Mul(Sign(w), alpha): +-1 on the crossbar, alpha_k in the output's scale.
        } else {
            out.binary = false;
            out.multi_bit = true;
            auto qw = quantise_per_channel(w, K, m_opt.weight_bits);
            out.q = std::move(qw.q);
            out.scale = std::move(qw.scale);
            out.max_abs_error = *std::max_element(qw.abs_error.begin(), qw.abs_error.end());
        }
        const std::size_t row = w.size() / std::size_t(K);
        for (std::size_t k = 0; k < std::size_t(K); ++k) {
            double sum = 0;
            for (std::size_t i = 0; i < row; ++i) sum += std::abs(int(out.q[k * row + i]));
            out.row_abs_max = std::max(out.row_abs_max, sum);
        }
        return out;
    }

    // True (and q, scale filled) when every output channel's weights are +-alpha_k with
    // one alpha_k > 0: binary weights with a per-channel scale (XNOR-Net, Larq, Brevitas).
    static bool scaled_signs(const std::vector<float>& w, int K, layer_weights& out) {
        const std::size_t row = w.size() / std::size_t(K);
        if (row == 0) return false;
        std::vector<double> scale(static_cast<std::size_t>(K));
        for (std::size_t k = 0; k < std::size_t(K); ++k) {
            const float m = std::fabs(w[k * row]);
            if (!(m > 0) || !std::isfinite(m)) return false;
            for (std::size_t i = 0; i < row; ++i)
                if (std::fabs(w[k * row + i]) != m) return false;
            scale[k] = double(m);
        }
        out.q.resize(w.size());
        for (std::size_t i = 0; i < w.size(); ++i) out.q[i] = int8_t(w[i] > 0 ? 1 : -1);
        out.scale = std::move(scale);
        out.binary = true;
        return true;
    }

    // The input a layer with these weights reads: a multi-bit layer reads any map with one
    // scale and no offset, materialising a real-valued one in the residual format first.
    tracked layer_input(const onnx_node& n, const tracked& x, const layer_weights& lw) {
        if (!lw.multi_bit || x.node == 0) {
            require_binary_or_input(n, x);
            return x;
        }
        if (x.comparison) fail(n, "reads a comparison");
        if (uniform(x.a) && zero(x.b) && x.a[0] > 0) return x;
        return materialise(n, x);
    }

    void note_weights(int node_index, const layer_weights& lw, const tracked& x) {
        layer_precision& p = m_out.precision[std::size_t(node_index)];
        p.weights = lw.binary ? "binary" : lw.multi_bit ? std::to_string(m_opt.weight_bits) + "-bit" : "int";
        // Quantised weights: sum_i |w - q s| times the largest |input| the map can hold.
        if (lw.multi_bit) p.max_error = lw.max_abs_error * std::abs(x.a[0]) * x.bound;
    }

    // The map x as a word of the residual fixed-point format: a batchnorm node with the
    // requantiser of (a, b) (sw/fixed_point.hpp), saturating at the format's limits.
    // bits = 0 keeps the int32 word (the logits).
    tracked materialise(const onnx_node& n, const tracked& x, int bits = -1) {
        if (x.fixed) return x;
        if (x.comparison) fail(n, "reads a comparison where a number is needed");
        const fixed_point_format& f = m_opt.residual;
        const std::size_t C = x.a.size();
        if (C != std::size_t(shape_of(x).c))
            fail(n, "a flattened real-valued map cannot be put in fixed point; flatten after a sign or a pool");
        for (std::size_t c = 0; c < C; ++c)
            if (!std::isfinite(x.a[c]) || !std::isfinite(x.b[c]))
                fail(n, "channel " + std::to_string(c) + " has a scale or offset that is not finite (NaN or "
                        "infinite constants, or a negative variance, before it)");
        const requantiser r = make_requantiser(x.a, x.b, f.fraction);
        if (!r.ok)
            fail(n, "a real-valued map's scale or offset is too large for the fixed-point format " + f.str() +
                        " (|value| * 2^" + std::to_string(f.fraction) + " must stay below 2^30)");
        node nd;
        nd.name = unique_name(m_out.g.nodes[std::size_t(x.node)].name + "_fxp");
        nd.kind = op_kind::batchnorm;
        nd.inputs = {x.node};
        nd.bits = bits < 0 ? f.bits : bits;
        node_params p;
        p.mul = r.mul;
        p.add = r.add;
        p.shift = r.shift;
        tracked t;
        t.node = add_node(nd, std::move(p));
        infer(n);
        t.a.assign(C, std::ldexp(1.0, -f.fraction));
        t.b.assign(C, 0.0);
        t.rank = x.rank;
        t.fixed = bits != 0;
        t.bound = nd.bits > 0 ? std::ldexp(1.0, nd.bits - 1) : int32_max;
        layer_precision& lp = m_out.precision[std::size_t(t.node)];
        lp.format = bits == 0 ? "Q" + std::to_string(31 - f.fraction) + "." + std::to_string(f.fraction) + " (32 b)"
                              : f.str();
        lp.max_error = r.max_error(x.a, x.b, f.fraction, x.bound);
        return t;
    }

    void require_binary_or_input(const onnx_node& n, const tracked& x) {
        if (x.node == 0) {
            if (!uniform(x.a) || x.a[0] <= 0) fail(n, "input scaling must be one positive scalar");
            return;
        }
        if (x.binary && !(uniform(x.a) && x.a[0] > 0))
            fail(n, "reads +-1 maps with different scales (a concatenation of differently scaled signs)");
        if (!x.binary)
            fail(n, "reads a map that is not binary (+-1); insert a sign (or BatchNormalization "
                    "+ sign) before it, or give the layer real-valued (multi-bit) weights");
    }

    void convert(const onnx_node& n) {
        const std::string& op = n.op;
        if (op == "Conv") return conv(n);
        if (op == "Gemm" || op == "MatMul") return fc(n);
        if (op == "BatchNormalization") return batchnorm(n);
        if (op == "Sign") return sign(n, value(n, 0), false);
        if (op == "GreaterOrEqual" || op == "Greater") return compare(n);
        if (op == "Where") return where(n);
        if (op == "Relu") return relu(n);
        if (op == "MaxPool") return pool(n, op_kind::maxpool);
        if (op == "AveragePool") return pool(n, op_kind::avgpool);
        if (op == "GlobalAveragePool") return pool(n, op_kind::global_avgpool);
        if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") return arithmetic(n);
        if (op == "Concat") return concat(n);
        if (op == "Flatten" || op == "Reshape") return flatten(n);
        if (op == "Identity" || op == "Clip") return alias(n);
        if (op == "Neg") return negate(n);
        if (op == "Pad") return empty_pad(n);
        std::string list;
        for (const auto& s : onnx_supported_ops()) list += (list.empty() ? "" : ", ") + s;
        fail(n, "unsupported operator; supported: " + list);
    }

    void conv(const onnx_node& n) {
        const tracked& x = value(n, 0);
        const auto& w = need_constant(n, 1, "weight");
        if (w.dims.size() != 4) fail(n, "only 2-D convolutions are supported");
        if (n.int_attr("group", 1) != 1) fail(n, "grouped convolutions are not supported");
        const auto dil = n.ints_attr("dilations");
        if (std::any_of(dil.begin(), dil.end(), [](int64_t d) { return d != 1; }))
            fail(n, "dilated convolutions are not supported");
        const int K = to_int(n, w.dims[0], "output channels"), C = to_int(n, w.dims[1], "input channels"),
                  kh = to_int(n, w.dims[2], "kernel"), kw = to_int(n, w.dims[3], "kernel");
        if (kh != kw) fail(n, "only square kernels are supported");
        const auto strides = n.ints_attr("strides");
        if (strides.size() == 2 && strides[0] != strides[1]) fail(n, "only equal strides are supported");
        const int stride = strides.empty() ? 1 : to_int(n, strides[0], "stride");
        int pad = 0;
        const std::string auto_pad = n.string_attr("auto_pad", "NOTSET");
        if (auto_pad != "NOTSET" && auto_pad != "VALID") fail(n, "auto_pad " + auto_pad + " is not supported; export explicit pads");
        const auto pads = n.ints_attr("pads");
        if (!pads.empty()) {
            if (!std::all_of(pads.begin(), pads.end(), [&](int64_t p) { return p == pads[0]; }))
                fail(n, "asymmetric padding is not supported");
            pad = to_int(n, pads[0], "pad");
        }
        if (C != shape_of(x).c) fail(n, "weights expect " + std::to_string(C) + " input channels");
        if (pad > 0 && x.node == 0 && !zero(x.b))
            fail(n, "a padded first layer needs an input without offset (mean subtraction) so that "
                    "zero padding stays an integer");
        // OIHW -> pimscope's [k][ky][kx][c]
        std::vector<float> reordered(w.data.size());
        for (int o = 0; o < K; ++o)
            for (int c = 0; c < C; ++c)
                for (int y = 0; y < kh; ++y)
                    for (int z = 0; z < kw; ++z)
                        reordered[((std::size_t(o) * kh + y) * kw + z) * C + c] =
                            w.data[((std::size_t(o) * C + c) * kh + y) * kw + z];
        layer_weights lw = weights_of(n, reordered, K);
        const tracked in = layer_input(n, x, lw);
        if (lw.multi_bit && in.node == 0 && !uniform(in.a))
            fail(n, "a multi-bit first layer needs one input scale for all channels");
        std::vector<double> bias(std::size_t(K), 0.0);
        if (const auto* bt = constant(n, 2))
            for (int o = 0; o < K; ++o) bias[std::size_t(o)] = bt->data.at(std::size_t(o));
        // An input offset (normalisation) adds a constant per output channel (no padding).
        if (in.node == 0 && !zero(in.b))
            for (int o = 0; o < K; ++o)
                for (int c = 0; c < C; ++c)
                    for (int y = 0; y < kh * kw; ++y)
                        bias[std::size_t(o)] += in.b[std::size_t(c)] * double(lw.q[(std::size_t(o) * kh * kw + y) * C + c]) *
                                                lw.scale[std::size_t(o)];
        const int node_index = emit_linear(n, in, op_kind::conv, K, kh, stride, pad, lw, bias, 1.0);
        (void)node_index;
    }

    // Adds the conv/fc and tracks its output: a[k] = (input scale) * s[k] * alpha.
    int emit_linear(const onnx_node& n, const tracked& in, op_kind kind, int K, int k, int stride, int pad,
                    layer_weights& lw, const std::vector<double>& bias, double alpha) {
        // One input scale: the network input's, a requantised word's, or a (scaled) sign's.
        const double scale = in.a[0] * alpha;
        const bool binary = lw.binary;
        const double bound = lw.row_abs_max * in.bound;
        tracked t = linear_layer(n, in, kind, K, k, stride, pad, std::move(lw.q), binary, bias, scale, bound);
        for (std::size_t o = 0; o < std::size_t(K); ++o) t.a[o] *= lw.scale[o];
        note_weights(t.node, lw, in);
        m_values[n.outputs[0]] = t;
        return t.node;
    }

    void fc(const onnx_node& n) {
        const tracked& x = value(n, 0);
        const auto& b = need_constant(n, 1, "weight");
        if (b.dims.size() != 2) fail(n, "weights must be 2-D");
        const bool gemm = n.op == "Gemm";
        if (gemm && n.int_attr("transA", 0)) fail(n, "transA is not supported");
        const bool tb = gemm && n.int_attr("transB", 0);
        const int K = to_int(n, tb ? b.dims[0] : b.dims[1], "outputs"), F = to_int(n, tb ? b.dims[1] : b.dims[0], "inputs");
        if (std::size_t(F) != shape_of(x).size())
            fail(n, "weights expect " + std::to_string(F) + " inputs, the map has " +
                        std::to_string(shape_of(x).size()));
        std::vector<float> w(std::size_t(K) * F);
        for (int k = 0; k < K; ++k)
            for (int f = 0; f < F; ++f)
                w[std::size_t(k) * F + f] = tb ? b.data[std::size_t(k) * F + f] : b.data[std::size_t(f) * K + k];
        layer_weights lw = weights_of(n, w, K);
        const tracked in = layer_input(n, x, lw);
        const double alpha = gemm ? n.float_attr("alpha", 1.0f) : 1.0;
        const double beta = gemm ? n.float_attr("beta", 1.0f) : 0.0;
        std::vector<double> bias(std::size_t(K), 0.0);
        if (const auto* c = gemm ? constant(n, 2) : nullptr)
            for (int k = 0; k < K; ++k) bias[std::size_t(k)] = beta * c->data.at(c->data.size() == 1 ? 0 : std::size_t(k));
        if (alpha <= 0) fail(n, "alpha must be positive");
        emit_linear(n, in, op_kind::fc, K, 1, 1, 0, lw, bias, alpha);
    }

    void batchnorm(const onnx_node& n) {
        tracked x = value(n, 0);
        if (x.comparison) fail(n, "follows a comparison");
        const auto& gamma = need_constant(n, 1, "scale");
        const auto& beta = need_constant(n, 2, "bias");
        const auto& mean = need_constant(n, 3, "mean");
        const auto& var = need_constant(n, 4, "variance");
        const double eps = n.float_attr("epsilon", 1e-5f);
        const std::size_t C = std::size_t(shape_of(x).c);
        if (gamma.data.size() != C) fail(n, "parameters do not match the channel count");
        for (std::size_t c = 0; c < C; ++c) {
            const double s = std::sqrt(double(var.data[c]) + eps);
            const double g = double(gamma.data[c]) / s;
            x.b[c] = (x.b[c] - double(mean.data[c])) * g + double(beta.data[c]);
            x.a[c] *= g;
        }
        x.binary = false;
        m_values[n.outputs[0]] = x;
    }

    // A sign of a*n + b (>= 0 -> +1 unless strict) becomes a threshold node.
    void sign(const onnx_node& n, const tracked& x, bool strict) {
        if (x.comparison) fail(n, "Sign of a comparison is not supported");
        if (x.binary) {   // sign of a (scaled) +-1 map is the map itself, unscaled
            tracked t = x;
            t.a.assign(t.a.size(), 1.0);
            m_values[n.outputs[0]] = t;
            return;
        }
        m_values[n.outputs[0]] = threshold_node(n, x, strict, 0.0, fresh_name(n));
    }

    // The threshold node of a*n + b + shift >= 0 (> 0 when strict), per channel.
    tracked threshold_node(const onnx_node& n, const tracked& x, bool strict, double shift, const std::string& name) {
        const std::size_t C = x.a.size();
        if (C != std::size_t(shape_of(x).c)) fail(n, "sign after a flatten of a non-binary map is not supported");
        node nd;
        nd.name = name;
        nd.kind = op_kind::threshold;
        nd.inputs = {x.node};
        node_params p;
        p.thr.resize(C);
        p.dir.resize(C);
        for (std::size_t c = 0; c < C; ++c) {
            const double a = x.a[c], b = x.b[c] + shift;
            // NaN or infinite constants upstream (a NaN scale, a negative variance) leave no
            // threshold to compute, and a NaN one cannot become an integer.
            if (!std::isfinite(a) || !std::isfinite(b))
                fail(n, "channel " + std::to_string(c) +
                            " reaches the sign with a scale or offset that is not finite (NaN or infinite "
                            "constants, or a negative variance, before it)");
            // a*n + b >= 0 (or > 0) over integers n.
            double thr;
            int dir = 1;
            if (a == 0) {
                const bool on = strict ? b > 0 : b >= 0;
                thr = on ? int32_min : int32_max;
            } else {
                const double t = -b / a;              // the boundary
                if (a > 0) {
                    thr = strict ? std::floor(t) + 1 : std::ceil(t);
                } else {                              // n <= t  <=>  -n >= -t
                    dir = -1;
                    thr = strict ? std::floor(-t) + 1 : std::ceil(-t);
                }
            }
            p.thr[c] = int32_t(std::clamp(thr, int32_min, int32_max));
            p.dir[c] = int8_t(dir);
        }
        tracked t;
        t.node = add_node(nd, std::move(p));
        infer(n);
        t.a.assign(C, 1.0);
        t.b.assign(C, 0.0);
        t.binary = true;
        t.rank = x.rank;
        t.bound = 1;
        return t;
    }

    void compare(const onnx_node& n) {
        const tracked& x = value(n, 0);
        const auto* zero_c = constant(n, 1);
        if (!zero_c || !std::all_of(zero_c->data.begin(), zero_c->data.end(), [](float v) { return v == 0; }))
            fail(n, "only comparisons with 0 (a straight-through sign) are supported");
        tracked t = x;
        t.comparison = true;
        t.strict = n.op == "Greater";
        m_values[n.outputs[0]] = t;
    }

    void where(const onnx_node& n) {
        const tracked& cond = value(n, 0);
        const auto* hi = constant(n, 1);
        const auto* lo = constant(n, 2);
        auto all = [](const onnx_tensor* t, float v) {
            return t && std::all_of(t->data.begin(), t->data.end(), [&](float x) { return x == v; });
        };
        if (!cond.comparison || !all(hi, 1.0f) || !all(lo, -1.0f))
            fail(n, "only Where(x >= 0, 1, -1) (a straight-through sign) is supported");
        tracked x = cond;
        x.comparison = false;
        sign(n, x, cond.strict);
    }

    void relu(const onnx_node& n) {
        const tracked& x = value(n, 0);
        if (!zero(x.b) || std::any_of(x.a.begin(), x.a.end(), [](double a) { return a <= 0; }))
            fail(n, "Relu of a map with an offset or a negative scale has no integer form here");
        simple(n, x, op_kind::relu);
    }

    void simple(const onnx_node& n, const tracked& x, op_kind kind, int kernel = 1, int stride = 1,
                int pad = 0) {
        node nd;
        nd.name = fresh_name(n);
        nd.kind = kind;
        nd.inputs = {x.node};
        nd.kernel = kernel;
        nd.stride = stride;
        nd.pad = pad;
        tracked t = x;
        t.node = add_node(nd, {});
        infer(n);
        m_values[n.outputs[0]] = t;
    }

    void pool(const onnx_node& n, op_kind kind) {
        const tracked& x = value(n, 0);
        if (kind == op_kind::global_avgpool) {
            simple(n, x, kind);
            m_values[n.outputs[0]].binary = false;
            note_floor(m_values[n.outputs[0]]);
            return;
        }
        const auto k = n.ints_attr("kernel_shape");
        if (k.size() != 2 || k[0] != k[1]) fail(n, "only square 2-D pooling windows are supported");
        if (n.int_attr("ceil_mode", 0)) fail(n, "ceil_mode pooling is not supported");
        const auto strides = n.ints_attr("strides");
        const int stride = strides.empty() ? 1 : to_int(n, strides[0], "stride");
        const auto pads = n.ints_attr("pads");
        const int pad = pads.empty() ? 0 : to_int(n, pads[0], "pad");
        if (!std::all_of(pads.begin(), pads.end(), [&](int64_t p) { return p == pad; }))
            fail(n, "asymmetric padding is not supported");
        if (kind == op_kind::maxpool && std::any_of(x.a.begin(), x.a.end(), [](double a) { return a < 0; }))
            fail(n, "max pooling of a map with a negative scale is not supported");
        if (kind == op_kind::avgpool && pad > 0 && n.int_attr("count_include_pad", 0))
            fail(n, "count_include_pad average pooling is not supported");
        const bool was_binary = x.binary;
        simple(n, x, kind, to_int(n, k[0], "kernel"), stride, pad);
        m_values[n.outputs[0]].binary = was_binary && kind == op_kind::maxpool;
        if (kind == op_kind::avgpool) note_floor(m_values[n.outputs[0]]);
    }

    // An average of a fixed-point map is floored to the format: up to one step low.
    void note_floor(const tracked& t) {
        if (!t.fixed) return;
        layer_precision& p = m_out.precision[std::size_t(t.node)];
        p.format = m_opt.residual.str();
        p.max_error = std::ldexp(1.0, -m_opt.residual.fraction);
    }

    void arithmetic(const onnx_node& n) {
        const auto* c0 = constant(n, 0);
        const auto* c1 = constant(n, 1);
        if (!c0 && !c1) {
            if (n.op != "Add") fail(n, "only Add of two computed maps (a residual add) is supported");
            const tracked& x = value(n, 0);
            const tracked& y = value(n, 1);
            if (x.comparison || y.comparison) fail(n, "adds a comparison");
            if (x.binary != y.binary && feeds_only_signs(n.outputs[0], false))
                return sign_of_sum(n, x.binary ? x : y, x.binary ? y : x);
            if (x.fixed || y.fixed || x.a != y.a) return fixed_add(n, x, y);
            tracked t = x;
            for (std::size_t i = 0; i < t.b.size(); ++i) t.b[i] += y.b[i];
            t.binary = false;
            t.bound = x.bound + y.bound;
            t.node = add_maps(n, x.node, y.node, fresh_name(n), 0);
            m_values[n.outputs[0]] = t;
            return;
        }
        if (c0 && n.op != "Add" && n.op != "Mul") fail(n, "a constant left operand is only supported for Add and Mul");
        const tracked& x = value(n, c0 ? 1 : 0);
        const onnx_tensor& c = c0 ? *c0 : *c1;
        tracked t = x;
        const std::size_t C = t.a.size();
        auto at = [&](std::size_t i) -> double {
            if (c.data.size() == 1) return c.data[0];
            if (c.data.size() == C) return c.data[i];
            fail(n, "constant operand must be a scalar or one value per channel");
        };
        for (std::size_t i = 0; i < C; ++i) {
            const double v = at(i);
            if (n.op == "Add") t.b[i] += v;
            else if (n.op == "Sub") t.b[i] -= v;
            else if (n.op == "Mul") { t.a[i] *= v; t.b[i] *= v; }
            else { t.a[i] /= v; t.b[i] /= v; }
        }
        // A sign times a positive scalar stays binary (the scale moves to the next layer).
        t.binary = x.binary && zero(t.b) && uniform(t.a) && t.a[0] > 0;
        m_values[n.outputs[0]] = t;
    }

    // A residual add of real-valued maps (a real residual stream): both operands in the
    // residual fixed-point format, added with saturation.
    void fixed_add(const onnx_node& n, const tracked& x, const tracked& y) {
        if (shape_of(x) != shape_of(y)) fail(n, "adds maps of different shapes");
        const tracked xs = materialise(n, x);
        const tracked ys = materialise(n, y);
        tracked t = xs;
        t.node = add_maps(n, xs.node, ys.node, fresh_name(n), m_opt.residual.bits);
        t.bound = std::ldexp(1.0, m_opt.residual.bits - 1);
        m_out.precision[std::size_t(t.node)].format = m_opt.residual.str();
        m_values[n.outputs[0]] = t;
    }

    int add_maps(const onnx_node& n, int x_node, int y_node, const std::string& name, int bits) {
        node nd;
        nd.name = name;
        nd.kind = op_kind::add;
        nd.inputs = {x_node, y_node};
        nd.bits = bits;
        const int i = add_node(nd, {});
        infer(n);
        return i;
    }

    // sign(beta*s + a*n + b) for a +-1 map s (scale beta > 0) is exact with two thresholds
    // per channel: T+ = [a*n + b + beta >= 0] (s = +1) and T- = [a*n + b - beta >= 0]
    // (s = -1). T+ >= T-, so the sign is sign(T+ + T- + s): +1 when both are +1, -1 when
    // both are -1, s when they differ. The map T+ + T- + s (values -3..3) stands in for
    // the sum, which only signs read.
    void sign_of_sum(const onnx_node& n, const tracked& s, const tracked& r) {
        if (shape_of(s) != shape_of(r)) fail(n, "adds maps of different shapes");
        const double beta = s.a[0];
        const tracked plus = threshold_node(n, r, false, beta, unique_name(fresh_name(n) + "_thr_plus"));
        const tracked minus = threshold_node(n, r, false, -beta, unique_name(fresh_name(n) + "_thr_minus"));
        const int both = add_maps(n, plus.node, minus.node, unique_name(fresh_name(n) + "_thr_sum"), 0);
        tracked t = plus;
        t.node = add_maps(n, both, s.node, fresh_name(n), 0);
        t.binary = false;
        t.bound = 3;
        m_values[n.outputs[0]] = t;
    }

    void concat(const onnx_node& n) {
        if (n.int_attr("axis", 1) != 1) fail(n, "only channel concatenation (axis 1) is supported");
        node nd;
        nd.name = fresh_name(n);
        nd.kind = op_kind::concat;
        tracked t;
        t.binary = true;
        for (std::size_t i = 0; i < n.inputs.size(); ++i) {
            const tracked& x = value(n, i);
            nd.inputs.push_back(x.node);
            t.a.insert(t.a.end(), x.a.begin(), x.a.end());
            t.b.insert(t.b.end(), x.b.begin(), x.b.end());
            t.binary = t.binary && x.binary;
            t.bound = std::max(t.bound, x.bound);
            t.fixed = (i == 0 || t.fixed) && x.fixed;
        }
        t.rank = value(n, 0).rank;
        t.node = add_node(nd, {});
        infer(n);
        m_values[n.outputs[0]] = t;
    }

    void flatten(const onnx_node& n) {
        const tracked& x = value(n, 0);
        if (n.op == "Flatten" && n.int_attr("axis", 1) != 1) fail(n, "only Flatten with axis 1 is supported");
        if (n.op == "Reshape") {
            const auto& shape = need_constant(n, 1, "target shape");
            const bool flat_like = shape.data.size() == 2 &&
                                   (shape.data[1] == -1 || std::size_t(shape.data[1]) == shape_of(x).size());
            if (!flat_like) fail(n, "only flatten-like reshapes ([N, -1]) are supported");
        }
        const shape3 s = shape_of(x);
        tracked t = x;
        t.a.clear();
        t.b.clear();
        for (int c = 0; c < s.c; ++c)
            for (int i = 0; i < s.h * s.w; ++i) {
                t.a.push_back(x.a[std::size_t(c)]);
                t.b.push_back(x.b[std::size_t(c)]);
            }
        simple(n, x, op_kind::flatten);
        m_values[n.outputs[0]].a = t.a;
        m_values[n.outputs[0]].b = t.b;
        m_values[n.outputs[0]].rank = 2;
    }

    void alias(const onnx_node& n) {
        // Clip (HardTanh) only survives in front of a sign, where it changes nothing;
        // anywhere else its saturation has no integer form here.
        const tracked& x = value(n, 0);
        if (n.op == "Clip" && !x.binary && !feeds_only_signs(n.outputs[0]))
            fail(n, "Clip is only supported in front of a sign (a straight-through estimator)");
        m_values[n.outputs[0]] = x;
    }

    // PyTorch writes a Pad of nothing in front of an AveragePool (opset 13); any other Pad
    // belongs in the Conv or pooling it feeds.
    void empty_pad(const onnx_node& n) {
        const auto* pads = constant(n, 1);
        const auto listed = n.ints_attr("pads");
        const bool none = pads ? std::all_of(pads->data.begin(), pads->data.end(), [](float v) { return v == 0; })
                               : std::all_of(listed.begin(), listed.end(), [](int64_t v) { return v == 0; });
        if (!none) fail(n, "only a Pad of zero elements is supported (pad in the Conv or pooling instead)");
        m_values[n.outputs[0]] = value(n, 0);
    }

    void negate(const onnx_node& n) {
        tracked t = value(n, 0);
        if (t.comparison) fail(n, "Neg of a comparison is not supported");
        for (auto& a : t.a) a = -a;
        for (auto& b : t.b) b = -b;
        t.binary = false;   // -x of a +-1 map is +-1, but a = -1 keeps the bookkeeping honest
        m_values[n.outputs[0]] = t;
    }

    // True when every consumer of the value is a sign: Sign, GreaterOrEqual, or (when
    // strict_ok) Greater, whose sign(0) differs.
    bool feeds_only_signs(const std::string& value_name, bool strict_ok = true) const {
        bool any = false;
        for (const auto& m : m_nodes)
            for (const auto& in : m.inputs)
                if (in == value_name) {
                    any = true;
                    if (m.op != "Sign" && m.op != "GreaterOrEqual" && (m.op != "Greater" || !strict_ok))
                        return false;
                }
        return any;
    }

    void finish() {
        if (m_model.outputs.empty()) throw input_error(m_model.source, "graph outputs", "none declared");
        const auto& name = m_model.outputs[0].name;
        auto it = m_values.find(name);
        if (it == m_values.end())
            throw input_error(m_model.source, "output '" + name + "'", "is not computed by any supported node");
        const tracked& out = it->second;
        if (out.comparison) throw input_error(m_model.source, "output '" + name + "'", "is a comparison");
        // Logits a*n + b: arg-max over n equals arg-max over the real logits when a is one
        // positive scalar and b is zero; otherwise the logits are materialised with the
        // residual format's fraction bits in an int32 word (no saturation).
        const bool plain = uniform(out.a) && out.a[0] > 0 && zero(out.b);
        if (int(m_out.g.nodes.size()) - 1 != out.node || !plain) {
            onnx_node at;
            at.op = "output";
            at.name = name;
            tracked scaled = out;
            if (plain) std::fill(scaled.a.begin(), scaled.a.end(), std::ldexp(1.0, -m_opt.residual.fraction));
            scaled.fixed = false;
            const tracked t = materialise(at, scaled, 0);
            m_out.g.nodes[std::size_t(t.node)].name = unique_name("output_scale");
        }
    }

    const onnx_graph& m_model;
    const import_options m_opt;
    std::vector<onnx_node> m_nodes;
    std::map<std::string, onnx_tensor> m_consts;
    std::map<std::string, tracked> m_values;
    imported_network m_out;
};

} // namespace

imported_network import_onnx(const onnx_graph& model, const std::string& name, const import_options& o) {
    return importer(model, name, o).run();
}

imported_network import_onnx_file(const std::string& path, const import_options& o) {
    return import_onnx(read_onnx(path), std::filesystem::path(path).stem().string(), o);
}

std::string format_import_summary(const imported_network& net) {
    const graph& g = net.g;
    std::ostringstream os;
    char line[300];
    std::snprintf(line, sizeof line, "%-22s %-15s %-14s %-9s %-20s %-14s %s\n", "layer", "type", "output CxHxW",
                  "weights", "crossbar rows x cols", "format", "max deviation");
    os << line;
    for (std::size_t i = 1; i < g.nodes.size(); ++i) {
        const auto& n = g.nodes[i];
        const layer_precision none;
        const layer_precision& p = i < net.precision.size() ? net.precision[i] : none;
        const bool linear = n.kind == op_kind::conv || n.kind == op_kind::fc;
        std::string shape = std::to_string(n.out.c) + "x" + std::to_string(n.out.h) + "x" + std::to_string(n.out.w);
        std::string xbar = "-";
        if (linear && n.binary) {
            const auto& in = g.nodes[n.inputs[0]].out;
            const std::size_t fan_in = n.kind == op_kind::fc ? in.size() : std::size_t(n.kernel) * n.kernel * in.c;
            xbar = std::to_string(2 * fan_in) + " x " + std::to_string(n.out_channels);
        }
        std::string weights = p.weights;
        if (weights.empty() && linear) weights = n.binary ? "binary" : "int";
        char dev[32] = "exact";
        if (p.max_error > 0) std::snprintf(dev, sizeof dev, "%.3g", p.max_error);
        std::snprintf(line, sizeof line, "%-22s %-15s %-14s %-9s %-20s %-14s %s\n", n.name.c_str(),
                      to_string(n.kind), shape.c_str(), weights.c_str(), xbar.c_str(),
                      p.format.empty() ? "-" : p.format.c_str(), linear || !p.format.empty() ? dev : "-");
        os << line;
    }
    os << "max deviation: the worst-case |error| a layer adds to its output against the float model, "
          "for inputs within their ranges (8-bit pixels); saturation at a format's limits is not included\n";
    return os.str();
}

} // namespace pimscope::sw
