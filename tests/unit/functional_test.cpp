// The functional mode against the golden reference, and generated parameters.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/input.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

using namespace pimscope;
using namespace pimscope::sw;

namespace {

// Builds a graph by hand and fills node::out itself, so these tests depend on nothing
// but the code under test.
struct builder {
    graph g;
    explicit builder(shape3 in) {
        g.name = "test";
        g.input_shape = in;
        node n;
        n.name = "input";
        n.out = in;
        g.nodes.push_back(n);
    }
    const shape3& out(int i) const { return g.nodes[std::size_t(i)].out; }
    int push(node n) {
        const shape3 in = out(n.inputs[0]);
        auto side = [&](int x) { return (x + 2 * n.pad - n.kernel) / n.stride + 1; };
        switch (n.kind) {
        case op_kind::conv: n.out = {n.out_channels, side(in.h), side(in.w)}; break;
        case op_kind::fc: n.out = {n.out_channels, 1, 1}; break;
        case op_kind::maxpool:
        case op_kind::avgpool: n.out = {in.c, side(in.h), side(in.w)}; break;
        case op_kind::global_avgpool: n.out = {in.c, 1, 1}; break;
        case op_kind::flatten: n.out = {int(in.size()), 1, 1}; break;
        case op_kind::concat:
            n.out = in;
            n.out.c = 0;
            for (int j : n.inputs) n.out.c += out(j).c;
            break;
        default: n.out = in; break;
        }
        n.name = std::string(to_str(n.kind)) + std::to_string(g.nodes.size());
        g.nodes.push_back(n);
        return int(g.nodes.size()) - 1;
    }
    static const char* to_str(op_kind k) {
        switch (k) {
        case op_kind::conv: return "conv";
        case op_kind::fc: return "fc";
        default: return "op";
        }
    }
    int conv(int in, int k_out, int kernel, int stride, int pad, bool binary = true, int pad_value = 0) {
        node n;
        n.kind = op_kind::conv;
        n.inputs = {in};
        n.out_channels = k_out;
        n.kernel = kernel;
        n.stride = stride;
        n.pad = pad;
        n.binary = binary;
        n.pad_value = pad_value;
        return push(n);
    }
    int fc(int in, int k_out, bool binary = true) {
        node n;
        n.kind = op_kind::fc;
        n.inputs = {in};
        n.out_channels = k_out;
        n.binary = binary;
        return push(n);
    }
    int op(op_kind k, std::vector<int> ins, int kernel = 1, int stride = 1, int pad = 0) {
        node n;
        n.kind = k;
        n.inputs = std::move(ins);
        n.kernel = kernel;
        n.stride = stride;
        n.pad = pad;
        return push(n);
    }
};

// input -> conv -> threshold -> conv -> batchnorm -> add -> maxpool -> conv(fp) -> sign -> fc
graph small_net() {
    builder b({3, 8, 8});
    const int c1 = b.conv(0, 8, 3, 1, 1);
    const int t1 = b.op(op_kind::threshold, {c1});
    const int c2 = b.conv(t1, 8, 3, 1, 1, true, 1);
    const int bn = b.op(op_kind::batchnorm, {c2});
    const int add = b.op(op_kind::add, {bn, t1});
    const int mp = b.op(op_kind::maxpool, {add}, 2, 2);
    const int c3 = b.conv(mp, 5, 1, 1, 0, false);
    const int sg = b.op(op_kind::sign, {c3});
    b.fc(sg, 10);   // 5x4x4 = 80 synapses: a full and a partial slice, CHW order
    return b.g;
}

arch_config make_arch(int adc_bits, int input_bits, const char* scheme, int rows = 128) {
    arch_config a = default_arch_config();
    a.adc_bits = adc_bits;
    a.input_bits = input_bits;
    a.input_scheme = scheme;
    a.subarray_rows = rows;
    return a;
}

tensor make_input(const graph& g, const arch_config& a, uint64_t seed) {
    pimscope::kernel::input_encoding enc;
    enc.bits = a.input_bits;
    enc.is_signed = a.input_scheme == "sign_magnitude";
    return quantize_input(synthetic_image(g.input_shape, seed), g.input_shape, enc);
}

// Larq's BinaryResNetE18 shape: full-precision residual stream, sign -> binary 3x3 conv
// -> batchnorm -> add; downsampling shortcut avgpool -> 1x1 full-precision conv -> bn.
// Here the stem is a binary conv on the bit-serial input, as in the study.
graph bresnete18_like(int side, int width = 64) {
    builder b({3, side, side});
    int x = b.conv(0, width, 7, 2, 3);
    x = b.op(op_kind::batchnorm, {x});
    x = b.op(op_kind::maxpool, {x}, 3, 2, 1);
    int ch = width;
    for (int stage = 0; stage < 4; ++stage) {
        for (int blk = 0; blk < 2; ++blk) {
            const bool down = stage > 0 && blk == 0;
            if (down) ch *= 2;
            const int s = b.op(op_kind::sign, {x});
            int y = b.conv(s, ch, 3, down ? 2 : 1, 1);
            y = b.op(op_kind::batchnorm, {y});
            int sc = x;
            if (down) {
                sc = b.op(op_kind::avgpool, {x}, 2, 2);
                sc = b.conv(sc, ch, 1, 1, 0, false);
                sc = b.op(op_kind::batchnorm, {sc});
            }
            x = b.op(op_kind::add, {y, sc});
        }
    }
    x = b.op(op_kind::global_avgpool, {x});
    x = b.op(op_kind::sign, {x});
    b.fc(x, 10);
    return b.g;
}

// BinaryDenseNet-like: dense blocks of sign -> binary conv -> bn -> concat, transitions
// maxpool -> relu -> 1x1 full-precision conv; thresholds on the way out.
graph bdensenet_like(int side) {
    builder b({3, side, side});
    int x = b.conv(0, 32, 3, 1, 1);
    x = b.op(op_kind::batchnorm, {x});
    for (int block = 0; block < 3; ++block) {
        for (int layer = 0; layer < 3; ++layer) {
            const int s = b.op(op_kind::sign, {x});
            int y = b.conv(s, 16, 3, 1, 1);
            y = b.op(op_kind::batchnorm, {y});
            x = b.op(op_kind::concat, {x, y});
        }
        if (block < 2) {
            x = b.op(op_kind::maxpool, {x}, 2, 2);
            x = b.op(op_kind::relu, {x});
            x = b.conv(x, b.out(x).c / 2, 1, 1, 0, false);
        }
    }
    x = b.op(op_kind::threshold, {x});
    x = b.op(op_kind::global_avgpool, {x});
    x = b.op(op_kind::threshold, {x});
    b.fc(x, 10);
    return b.g;
}

void expect_binary_maps_balanced(const graph& g, const std::vector<tensor>& outs, const char* what) {
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const op_kind k = g.nodes[i].kind;
        if (k != op_kind::sign && k != op_kind::threshold) continue;
        std::size_t plus = 0;
        for (int32_t v : outs[i].v) plus += v > 0;
        const double frac = double(plus) / double(outs[i].v.size());
        if (outs[i].v.size() >= 32) {
            EXPECT_GT(frac, 0.1) << what << " node " << g.nodes[i].name;
            EXPECT_LT(frac, 0.9) << what << " node " << g.nodes[i].name;
        } else {
            EXPECT_GT(plus, 0u) << what << " node " << g.nodes[i].name;
            EXPECT_LT(plus, outs[i].v.size()) << what << " node " << g.nodes[i].name;
        }
    }
}

} // namespace

TEST(functional, exact_adc_equals_golden_bit_for_bit) {
    const graph g = small_net();
    const network_params p = generate_params(g, 11);
    for (int rows : {128, 100})   // slices of 64 and of 50 synapses
        for (const char* scheme : {"sign_magnitude", "unsigned"})
            for (int bits : {1, 4, 8}) {
                const arch_config a = make_arch(8, bits, scheme, rows);
                const prepared_network net = prepare_network(g, p, a);
                ASSERT_TRUE(net.adc->exact());
                for (uint64_t img = 0; img < 3; ++img) {
                    const tensor in = make_input(g, a, img);
                    const auto want = golden_run(g, p, in);
                    const auto got = functional_run(net, in);
                    ASSERT_EQ(got.size(), want.size());
                    for (std::size_t i = 0; i < want.size(); ++i)
                        ASSERT_EQ(got[i], want[i]) << scheme << " " << bits << " bits, node " << i;
                }
            }
}

TEST(functional, golden_run_into_reused_maps_equals_a_fresh_run) {
    // A stream of images reuses one set of maps: nothing of an image may leak into the next.
    const graph g = small_net();
    const network_params p = generate_params(g, 11);
    for (int bits : {1, 8}) {   // ternary inputs (bit-packed stem) and multi-bit (summed)
        const arch_config a = make_arch(8, bits, "sign_magnitude");
        std::vector<tensor> maps;
        for (uint64_t img = 0; img < 3; ++img) {
            const tensor in = make_input(g, a, img);
            golden_run(g, p, in, maps);
            const auto fresh = golden_run(g, p, in);
            ASSERT_EQ(maps.size(), fresh.size());
            for (std::size_t i = 0; i < fresh.size(); ++i)
                ASSERT_EQ(maps[i], fresh[i]) << bits << " bits, image " << img << ", node " << i;
        }
    }
}

TEST(functional, coarse_adc_changes_outputs) {
    const graph g = small_net();
    const network_params p = generate_params(g, 11);
    const arch_config a = make_arch(2, 4, "sign_magnitude");
    const prepared_network net = prepare_network(g, p, a);
    ASSERT_FALSE(net.adc->exact());
    const tensor in = make_input(g, a, 1);
    const auto want = golden_run(g, p, in);
    const auto got = functional_run(net, in);
    EXPECT_FALSE(got[1] == want[1]);             // the first crossbar layer's sums
    EXPECT_FALSE(got.back() == want.back());     // and the network output
    // crossbar_layer_output is what functional_run uses for that layer.
    EXPECT_EQ(crossbar_layer_output(net, 1, in), got[1]);
}

TEST(functional, rejects_input_outside_encoding) {
    const graph g = small_net();
    const network_params p = generate_params(g, 11);
    const arch_config a = make_arch(8, 2, "unsigned");
    const prepared_network net = prepare_network(g, p, a);
    tensor in = make_input(g, a, 1);
    in.v[5] = -1;
    EXPECT_THROW(functional_run(net, in), input_error);
    in.v[5] = 4;
    EXPECT_THROW(functional_run(net, in), input_error);
    EXPECT_THROW(prepare_network(g, p, make_arch(8, 2, "twos_complement")), input_error);
}

TEST(functional, generated_params_deterministic_and_seeded) {
    const graph g = small_net();
    const network_params a = generate_params(g, 5), b = generate_params(g, 5), c = generate_params(g, 6);
    ASSERT_EQ(a.nodes.size(), g.nodes.size());
    int differing = 0;
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        EXPECT_EQ(a.nodes[i].weights, b.nodes[i].weights);
        EXPECT_EQ(a.nodes[i].thr, b.nodes[i].thr);
        EXPECT_EQ(a.nodes[i].dir, b.nodes[i].dir);
        EXPECT_EQ(a.nodes[i].mul, b.nodes[i].mul);
        EXPECT_EQ(a.nodes[i].add, b.nodes[i].add);
        differing += a.nodes[i].weights != c.nodes[i].weights;
    }
    EXPECT_EQ(differing, 4);   // every conv/fc
    EXPECT_NE(a.nodes[4].mul, c.nodes[4].mul);
    // Binary weights +-1 and balanced; full-precision ones small.
    for (int8_t w : a.nodes[1].weights) EXPECT_TRUE(w == 1 || w == -1);
    int plus = 0;
    for (int8_t w : a.nodes[3].weights) plus += w > 0;
    EXPECT_GT(plus, 8 * 72 / 4);
    EXPECT_LT(plus, 8 * 72 * 3 / 4);
    for (int8_t w : a.nodes[7].weights) EXPECT_LE(std::abs(int(w)), 3);
    // Fixed values pin the generator down: a change here changes every generated network.
    EXPECT_EQ(generate_params(g, 5).nodes[1].weights, a.nodes[1].weights);
}

TEST(functional, generated_networks_have_live_binary_maps) {
    {
        const graph g = bresnete18_like(64, 16);
        const network_params p = generate_params(g, 1);
        const arch_config a = make_arch(8, 8, "sign_magnitude");
        const prepared_network net = prepare_network(g, p, a);
        const tensor in = make_input(g, a, 3);
        const auto want = golden_run(g, p, in);
        const auto got = functional_run(net, in);
        expect_binary_maps_balanced(g, want, "bresnete18");
        for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << "node " << i;
    }
    {
        const graph g = bdensenet_like(32);
        const network_params p = generate_params(g, 2);
        const arch_config a = make_arch(8, 4, "unsigned");
        const prepared_network net = prepare_network(g, p, a);
        const tensor in = make_input(g, a, 4);
        const auto want = golden_run(g, p, in);
        expect_binary_maps_balanced(g, want, "bdensenet");
        const auto got = functional_run(net, in);
        for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << "node " << i;
    }
}

// The speed target: a full-size BinaryResNetE18-shaped network in well under a second.
TEST(functional, bresnete18_speed) {
    const graph g = bresnete18_like(224);
    const network_params p = generate_params(g, 1);
    const arch_config a = make_arch(5, 8, "sign_magnitude");
    const prepared_network net = prepare_network(g, p, a);
    const tensor in = make_input(g, a, 1);
    const auto t0 = std::chrono::steady_clock::now();
    const auto outs = functional_run(net, in);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double counts = 0;
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (net.crossbars[i])
            counts += double(g.nodes[i].out.h) * g.nodes[i].out.w * net.crossbars[i]->slices *
                      net.crossbars[i]->columns;
    std::printf("bresnete18 (224x224) functional run: %.3f s, %.3g column counts (x planes on the stem)\n",
                s, counts);
    expect_binary_maps_balanced(g, outs, "bresnete18-224");
    EXPECT_LT(s, 3.0);
}
