// Deterministic parameters for a network without weight files.
#include "pimscope/sw/weights.hpp"

#include "pimscope/common/error.hpp"
#include "prng.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace pimscope::sw {
namespace {

shape3 input_shape_of(const graph& g, const node& n, std::size_t which = 0) {
    if (n.inputs.size() <= which) throw input_error(g.source, "node '" + n.name + "'", "missing input");
    const int j = n.inputs[which];
    if (j < 0 || std::size_t(j) >= g.nodes.size())
        throw input_error(g.source, "node '" + n.name + "'", "input index out of range");
    shape3 s = g.nodes[std::size_t(j)].out;
    if (s.size() == 0 && j == 0) s = g.input_shape;
    if (s.size() == 0)
        throw input_error(g.source, "node '" + n.name + "'",
                          "input shape unknown: run graph::infer_shapes before generating parameters");
    return s;
}

} // namespace

network_params generate_params(const graph& g, uint64_t seed) {
    network_params np;
    np.nodes.resize(g.nodes.size());
    // A rough standard deviation of every node's values, propagated through the graph so
    // that thresholds can be placed within the spread of the sums they cut: a threshold
    // much wider than the spread would turn whole channels constant. The network input's
    // scale depends on the input encoding (not known here), so it counts as 1: the first
    // thresholds then sit near 0, the median of a sum with symmetric +-1 weights.
    std::vector<double> sd(g.nodes.size(), 1.0);
    for (std::size_t i = 1; i < g.nodes.size(); ++i) {
        const node& n = g.nodes[i];
        node_params& p = np.nodes[i];
        detail::prng rng(seed, i);   // a stream per node: editing one node leaves the rest
        const double sd_in = n.inputs.empty() ? 1.0 : sd[std::size_t(n.inputs[0])];
        switch (n.kind) {
        case op_kind::conv:
        case op_kind::fc: {
            const shape3 in = input_shape_of(g, n);
            const std::size_t fan_in =
                n.kind == op_kind::fc ? in.size() : std::size_t(n.kernel) * n.kernel * in.c;
            if (n.out_channels < 1)
                throw input_error(g.source, "node '" + n.name + "'", "out_channels must be >= 1");
            p.weights.resize(fan_in * std::size_t(n.out_channels));
            if (n.binary) {
                // Arithmetic, not a conditional: the compiler turned `coin ? 1 : -1` into
                // a branch that a fair coin mispredicts half the time (most of generating
                // balexnet's 60 M weights).
                for (auto& w : p.weights) w = int8_t(2 * int(rng.coin()) - 1);
                sd[i] = std::sqrt(double(fan_in)) * sd_in;
            } else {
                // Small integers: the digital unit's full-precision layers. E[w^2] = 4.
                for (auto& w : p.weights) w = int8_t(rng.uniform_int(-3, 3));
                sd[i] = 2.0 * std::sqrt(double(fan_in)) * sd_in;
            }
            break;
        }
        case op_kind::threshold: {
            const int C = input_shape_of(g, n).c;
            // Within a quarter of the spread of the sum: each channel stays roughly
            // balanced (40..60 % of +1 for a Gaussian-like sum) yet channels differ.
            const int64_t a = int64_t(std::floor(sd_in / 4.0));
            p.thr.resize(std::size_t(C));
            p.dir.resize(std::size_t(C));
            for (int c = 0; c < C; ++c) {
                p.thr[std::size_t(c)] = int32_t(rng.uniform_int(-a, a));
                p.dir[std::size_t(c)] = rng.uniform_int(0, 7) == 0 ? -1 : 1;   // mostly +1
            }
            sd[i] = 1.0;
            break;
        }
        case op_kind::batchnorm: {
            const int C = input_shape_of(g, n).c;
            // Scales near 1 (mul/2^6 in [0.75, 1.25]) and offsets within +-0.5, so the
            // magnitudes neither blow up nor collapse along a residual chain.
            p.shift = 6;
            p.mul.resize(std::size_t(C));
            p.add.resize(std::size_t(C));
            for (int c = 0; c < C; ++c) {
                p.mul[std::size_t(c)] = int32_t(rng.uniform_int(48, 80));
                p.add[std::size_t(c)] = int32_t(rng.uniform_int(-32, 32));
            }
            sd[i] = sd_in;
            break;
        }
        case op_kind::sign:
            sd[i] = 1.0;
            break;
        case op_kind::relu:
            sd[i] = 0.6 * sd_in;
            break;
        case op_kind::add: {
            double v = 0;
            for (int j : n.inputs) v += sd[std::size_t(j)] * sd[std::size_t(j)];
            sd[i] = std::sqrt(v);
            break;
        }
        case op_kind::concat: {
            double v = 0;
            for (int j : n.inputs) v = std::max(v, sd[std::size_t(j)]);
            sd[i] = v;
            break;
        }
        default:   // pooling, flatten: the spread is about unchanged
            sd[i] = sd_in;
            break;
        }
    }
    return np;
}

} // namespace pimscope::sw
