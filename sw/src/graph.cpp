// graph: DAG validation and shape inference, shared by every loader.
#include "pimscope/sw/graph.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cstdint>

namespace pimscope::sw {

const char* to_string(op_kind k) {
    switch (k) {
    case op_kind::input: return "input";
    case op_kind::conv: return "conv";
    case op_kind::fc: return "fc";
    case op_kind::maxpool: return "maxpool";
    case op_kind::avgpool: return "avgpool";
    case op_kind::global_avgpool: return "global_avgpool";
    case op_kind::add: return "add";
    case op_kind::concat: return "concat";
    case op_kind::batchnorm: return "batchnorm";
    case op_kind::threshold: return "threshold";
    case op_kind::sign: return "sign";
    case op_kind::relu: return "relu";
    case op_kind::flatten: return "flatten";
    }
    return "unknown";
}

namespace {

std::string shape_str(const shape3& s) {
    return std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

// "node 'x' (line 12)": the name finds it in a hand-written graph, the line in a file.
std::string where(const node& n) {
    std::string s = "node '" + n.name + "'";
    if (n.line > 0) s += " (line " + std::to_string(n.line) + ")";
    return s;
}

// Sliding-window output size (floor mode). Checks geometry first so a bad kernel gets a
// message about the kernel rather than a nonsensical negative size downstream.
int window_out(const std::string& file, const node& n, int in, const char* axis) {
    // 64-bit: a pad near 2^31 must give a message, not a wrapped size.
    const int64_t padded = int64_t(in) + 2 * int64_t(n.pad);
    const int64_t span = padded - n.kernel;
    if (span < 0)
        throw input_error(file, where(n),
                          std::string(to_string(n.kind)) + " kernel " + std::to_string(n.kernel) +
                              " is larger than the padded input " + axis + " " + std::to_string(padded) +
                              " (input " + std::to_string(in) + ", pad " + std::to_string(n.pad) + ")");
    return int(span / n.stride + 1);   // <= padded <= 3 * max_side: fits an int
}

// Stated limits on a network's maps: a side of at most 65 536 and at most 2^28 elements
// (1 GiB as 32-bit values) per map; the simulator and the golden reference hold maps whole.
constexpr int max_side = 65536;
constexpr int64_t max_map_elements = int64_t(1) << 28;

void check_map_size(const std::string& file, const std::string& w, const shape3& s) {
    // Sides first: their product is only formed once each is bounded (no 64-bit overflow).
    const bool sides = s.c <= max_side * 16 && s.h <= max_side && s.w <= max_side;
    if (!sides || int64_t(s.c) * s.h * s.w > max_map_elements)
        throw input_error(file, w,
                          "map " + std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w) +
                              " is too large: at most " + std::to_string(max_side) + " per side and 2^28 (" +
                              std::to_string(max_map_elements) + ") elements per map");
}

} // namespace

void graph::infer_shapes() {
    const std::string& file = source;
    if (nodes.empty()) throw input_error(file, "", "network has no nodes (expected an input node)");
    if (nodes[0].kind != op_kind::input)
        throw input_error(file, where(nodes[0]),
                          std::string("the first node must be the input, got ") +
                              to_string(nodes[0].kind));
    if (input_shape.c <= 0 || input_shape.h <= 0 || input_shape.w <= 0)
        throw input_error(file, "input",
                          "input shape " + shape_str(input_shape) +
                              " must have positive channels, height and width");
    check_map_size(file, "input", input_shape);
    if (nodes.size() < 2)
        throw input_error(file, "", "network has only an input node (expected at least one layer)");

    // Which node outputs are maps of +-1: a binary conv/fc may only read those (or the
    // multi-bit network input), since the crossbar drives each row with one bit.
    std::vector<char> is_binary(nodes.size(), 0);

    for (std::size_t i = 0; i < nodes.size(); ++i) {
        node& n = nodes[i];
        const std::string w = where(n);
        if (n.name.empty()) throw input_error(file, "node " + std::to_string(i), "node has no name");
        for (std::size_t j = 0; j < i; ++j)
            if (nodes[j].name == n.name)
                throw input_error(file, w,
                                  "duplicate node name (first defined" +
                                      (nodes[j].line > 0 ? " at line " + std::to_string(nodes[j].line)
                                                         : std::string()) +
                                      ")");

        if (i > 0 && n.kind == op_kind::input)
            throw input_error(file, w, "only the first node may be the network input");

        // Arity.
        std::size_t want_min = 1, want_max = 1;
        switch (n.kind) {
        case op_kind::input: want_min = want_max = 0; break;
        case op_kind::add: want_min = want_max = 2; break;
        case op_kind::concat: want_min = 2; want_max = SIZE_MAX; break;
        default: break;
        }
        if (n.inputs.size() < want_min || n.inputs.size() > want_max) {
            std::string want = n.kind == op_kind::concat ? "at least 2"
                                                         : std::to_string(want_min);
            throw input_error(file, w,
                              std::string(to_string(n.kind)) + " expects " + want +
                                  " input(s), got " + std::to_string(n.inputs.size()));
        }
        for (int p : n.inputs)
            if (p < 0 || std::size_t(p) >= i)
                throw input_error(file, w,
                                  "input index " + std::to_string(p) +
                                      " does not name an earlier node (inputs must precede their "
                                      "consumer; valid indices 0.." +
                                      std::to_string(int(i) - 1) + ")");

        // Geometry parameters of windowed ops.
        const bool windowed = n.kind == op_kind::conv || n.kind == op_kind::maxpool ||
                              n.kind == op_kind::avgpool;
        if (windowed) {
            if (n.kernel < 1) throw input_error(file, w, "kernel must be >= 1, got " + std::to_string(n.kernel));
            if (n.stride < 1) throw input_error(file, w, "stride must be >= 1, got " + std::to_string(n.stride));
            if (n.pad < 0) throw input_error(file, w, "pad must be >= 0, got " + std::to_string(n.pad));
            if (n.kernel > max_side || n.stride > max_side)
                throw input_error(file, w, "kernel and stride must be at most " + std::to_string(max_side) + ", got " +
                                               std::to_string(n.kernel) + " and " + std::to_string(n.stride));
            // A window lying wholly in the padding reads no input at all.
            if (n.kind == op_kind::conv && n.pad >= n.kernel)
                throw input_error(file, w,
                                  "conv pad " + std::to_string(n.pad) + " must be less than the kernel " +
                                      std::to_string(n.kernel) + " (a window would lie wholly in the padding)");
            // A pooling window lying wholly in the padding has no defined value.
            if (n.kind != op_kind::conv && 2 * n.pad > n.kernel)
                throw input_error(file, w,
                                  "pool pad " + std::to_string(n.pad) +
                                      " must be at most half the kernel " + std::to_string(n.kernel));
        }
        if (n.kind == op_kind::conv || n.kind == op_kind::fc) {
            if (n.out_channels < 1)
                throw input_error(file, w,
                                  "out_channels must be >= 1, got " + std::to_string(n.out_channels));
            if (n.pad_value < -1 || n.pad_value > 1)
                throw input_error(file, w,
                                  "pad_value must be -1, 0 or +1, got " + std::to_string(n.pad_value));
        }

        const auto in_shape = [&](std::size_t slot) { return nodes[std::size_t(n.inputs[slot])].out; };

        switch (n.kind) {
        case op_kind::input:
            n.out = input_shape;
            break;
        case op_kind::conv: {
            const shape3 in = in_shape(0);
            n.out = {n.out_channels, window_out(file, n, in.h, "height"),
                     window_out(file, n, in.w, "width")};
            break;
        }
        case op_kind::fc:
            // An fc reads its whole input map as one vector in CHW order (as flatten would),
            // so C x H x W is accepted: the study's AlexNet FC1 reads the 256x6x6 map.
            n.out = {n.out_channels, 1, 1};
            break;
        case op_kind::maxpool:
        case op_kind::avgpool: {
            const shape3 in = in_shape(0);
            n.out = {in.c, window_out(file, n, in.h, "height"), window_out(file, n, in.w, "width")};
            break;
        }
        case op_kind::global_avgpool:
            n.out = {in_shape(0).c, 1, 1};
            break;
        case op_kind::add: {
            const shape3 a = in_shape(0), b = in_shape(1);
            if (a != b)
                throw input_error(file, w,
                                  "add needs inputs of equal shape, got '" +
                                      nodes[std::size_t(n.inputs[0])].name + "' " + shape_str(a) +
                                      " and '" + nodes[std::size_t(n.inputs[1])].name + "' " +
                                      shape_str(b));
            n.out = a;
            break;
        }
        case op_kind::concat: {
            shape3 s = in_shape(0);
            s.c = 0;
            for (std::size_t k = 0; k < n.inputs.size(); ++k) {
                const shape3 t = in_shape(k);
                if (t.h != s.h || t.w != s.w)
                    throw input_error(file, w,
                                      "concat needs inputs of equal height and width, got '" +
                                          nodes[std::size_t(n.inputs[0])].name + "' " +
                                          shape_str(in_shape(0)) + " and '" +
                                          nodes[std::size_t(n.inputs[k])].name + "' " + shape_str(t));
                s.c += t.c;
            }
            n.out = s;
            break;
        }
        case op_kind::flatten:
            n.out = {int(in_shape(0).size()), 1, 1};
            break;
        case op_kind::batchnorm:
        case op_kind::threshold:
        case op_kind::sign:
        case op_kind::relu:
            n.out = in_shape(0);
            break;
        }
        if (n.out.c <= 0 || n.out.h <= 0 || n.out.w <= 0)
            throw input_error(file, w, "output shape " + shape_str(n.out) + " is empty");
        check_map_size(file, w, n.out);

        // Binary-ness of this node's output.
        switch (n.kind) {
        case op_kind::threshold:
        case op_kind::sign:
            is_binary[i] = 1;
            break;
        case op_kind::maxpool:
        case op_kind::flatten:
        case op_kind::concat:
            is_binary[i] = std::all_of(n.inputs.begin(), n.inputs.end(),
                                       [&](int p) { return is_binary[std::size_t(p)] != 0; });
            break;
        default:
            is_binary[i] = 0;
        }

        if ((n.kind == op_kind::conv || n.kind == op_kind::fc) && n.binary) {
            const int p = n.inputs[0];
            const node& prod = nodes[std::size_t(p)];
            if (prod.kind != op_kind::input && !is_binary[std::size_t(p)])
                throw input_error(file, w,
                                  std::string("binary ") + to_string(n.kind) + " reads '" +
                                      prod.name + "' (" + to_string(prod.kind) +
                                      "), which is not a +-1 map; insert a sign or threshold "
                                      "before it, or set binary: false");
        }
    }
}

std::vector<int> graph::crossbar_layers() const {
    std::vector<int> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const node& n = nodes[i];
        if ((n.kind == op_kind::conv || n.kind == op_kind::fc) && n.binary) out.push_back(int(i));
    }
    return out;
}

int graph::widest_crossbar_columns() const {
    int widest = 0;
    for (int i : crossbar_layers()) widest = std::max(widest, nodes[std::size_t(i)].out_channels);
    return widest;
}

bool graph::reads_network_input(int i) const {
    if (i < 0 || std::size_t(i) >= nodes.size()) return false;
    const node& n = nodes[std::size_t(i)];
    return std::any_of(n.inputs.begin(), n.inputs.end(), [](int p) { return p == 0; }) &&
           !nodes.empty() && nodes[0].kind == op_kind::input;
}

int graph::find(const std::string& name) const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name) return int(i);
    return -1;
}

} // namespace pimscope::sw
