// Network parameters from .npy files (a trained model's export).
#include "pimscope/common/error.hpp"
#include "pimscope/sw/npy.hpp"
#include "pimscope/sw/weights.hpp"

#include <string>

namespace pimscope::sw {
namespace {

bool has_params(const node& n) {
    return n.kind == op_kind::conv || n.kind == op_kind::fc || n.kind == op_kind::threshold ||
           n.kind == op_kind::batchnorm;
}

shape3 input_of(const graph& g, const node& n) {
    if (n.inputs.empty() || n.inputs[0] < 0 || std::size_t(n.inputs[0]) >= g.nodes.size())
        throw input_error(g.source, "node '" + n.name + "'", "missing input");
    shape3 s = g.nodes[std::size_t(n.inputs[0])].out;
    if (s.size() == 0 && n.inputs[0] == 0) s = g.input_shape;
    if (s.size() == 0)
        throw input_error(g.source, "node '" + n.name + "'", "input shape unknown (infer_shapes first)");
    return s;
}

const std::string& need(const graph& g, const node& n, const std::string& file, const char* key) {
    if (file.empty())
        throw input_error(g.source, "layer '" + n.name + "' (line " + std::to_string(n.line) + ")",
                          std::string("no '") + key +
                              "' file, but the network loads its parameters from files: every "
                              "conv/fc/threshold/batchnorm layer needs its own");
    return file;
}

void load_node(const graph& g, const node& n, node_params& p) {
    const std::string who = "layer '" + n.name + "'";
    const shape3 in = input_of(g, n);
    const int64_t C = in.c;
    switch (n.kind) {
    case op_kind::conv: {
        const npy_array a = read_npy(need(g, n, n.files.weights, "weights"));
        const int64_t K = n.out_channels, k = n.kernel;
        const auto oihw = npy_to_int8(a, {K, C, k, k}, "weights of " + who + " [K, C, kh, kw]");
        p.weights.resize(oihw.size());
        // OIHW -> [k][ky][kx][c]: the crossbar's synapse order (ky*k + kx)*C + c.
        for (int64_t o = 0; o < K; ++o)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t y = 0; y < k; ++y)
                    for (int64_t x = 0; x < k; ++x)
                        p.weights[std::size_t(((o * k + y) * k + x) * C + c)] =
                            oihw[std::size_t(((o * C + c) * k + y) * k + x)];
        break;
    }
    case op_kind::fc: {
        const npy_array a = read_npy(need(g, n, n.files.weights, "weights"));
        p.weights = npy_to_int8(a, {n.out_channels, int64_t(in.size())},
                                "weights of " + who + " [K, C*H*W]");
        break;
    }
    case op_kind::threshold: {
        const npy_array t = read_npy(need(g, n, n.files.thresholds, "thresholds"));
        p.thr = npy_to_int32(t, {C}, "thresholds of " + who);
        const npy_array d = read_npy(need(g, n, n.files.directions, "directions"));
        p.dir = npy_to_int8(d, {C}, "directions of " + who);
        for (std::size_t c = 0; c < p.dir.size(); ++c)
            if (p.dir[c] != 1 && p.dir[c] != -1)
                throw input_error(d.path, "directions of " + who,
                                  "element " + std::to_string(c) + " = " + std::to_string(p.dir[c]) +
                                      ", expected -1 or +1");
        break;
    }
    case op_kind::batchnorm: {
        p.mul = npy_to_int32(read_npy(need(g, n, n.files.mul, "mul")), {C}, "mul of " + who);
        p.add = npy_to_int32(read_npy(need(g, n, n.files.add, "add")), {C}, "add of " + who);
        p.shift = n.shift;
        break;
    }
    default:
        return;
    }
    if ((n.kind == op_kind::conv || n.kind == op_kind::fc) && n.binary)
        for (std::size_t i = 0; i < p.weights.size(); ++i)
            if (p.weights[i] != 1 && p.weights[i] != -1)
                throw input_error(n.files.weights, "weights of " + who,
                                  "element " + std::to_string(i) + " = " + std::to_string(p.weights[i]) +
                                      ": a binary layer needs -1/+1 weights (or set binary: false)");
}

} // namespace

network_params load_params(const graph& g) {
    network_params np;
    np.nodes.resize(g.nodes.size());
    for (std::size_t i = 1; i < g.nodes.size(); ++i)
        if (has_params(g.nodes[i])) load_node(g, g.nodes[i], np.nodes[i]);
    return np;
}

network_params load_or_generate_params(const graph& g, uint64_t seed) {
    for (const auto& n : g.nodes)
        if (n.files.any()) return load_params(g);
    return generate_params(g, seed);
}

} // namespace pimscope::sw
