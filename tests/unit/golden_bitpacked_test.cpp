// The golden reference's bit-packed XNOR/popcount path against a direct summation written
// here, on small random binary layers: every kernel size, stride, padding and pad value the
// networks use, channel counts on both sides of the 64-bit word boundaries.
#include "pimscope/sw/golden.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace pimscope::sw;

namespace {

// The definition: out[k][oy][ox] = sum over the window of w * x, padded elements = pad.
tensor naive_conv(const node& n, const node_params& p, const tensor& in) {
    const int k = n.kernel, s = n.stride, C = in.shape.c;
    const int oh = (in.shape.h + 2 * n.pad - k) / s + 1, ow = (in.shape.w + 2 * n.pad - k) / s + 1;
    tensor out({n.out_channels, oh, ow});
    for (int o = 0; o < n.out_channels; ++o)
        for (int oy = 0; oy < oh; ++oy)
            for (int ox = 0; ox < ow; ++ox) {
                long sum = 0;
                for (int ky = 0; ky < k; ++ky)
                    for (int kx = 0; kx < k; ++kx)
                        for (int c = 0; c < C; ++c) {
                            const int y = oy * s + ky - n.pad, x = ox * s + kx - n.pad;
                            const bool inside = y >= 0 && y < in.shape.h && x >= 0 && x < in.shape.w;
                            const int v = inside ? in.at(c, y, x) : n.pad_value;
                            sum += long(p.weights[((std::size_t(o) * k + ky) * k + kx) * C + c]) * v;
                        }
                out.at(o, oy, ox) = int32_t(sum);
            }
    return out;
}

tensor naive_fc(const node& n, const node_params& p, const tensor& in) {
    tensor out({n.out_channels, 1, 1});
    for (int o = 0; o < n.out_channels; ++o) {
        long sum = 0;
        for (std::size_t i = 0; i < in.v.size(); ++i) sum += long(p.weights[o * in.v.size() + i]) * in.v[i];
        out.v[std::size_t(o)] = int32_t(sum);
    }
    return out;
}

struct random_layer {
    std::mt19937 rng{2718};
    // values drawn from `levels` (e.g. {-1, 1} or {-1, 0, 1})
    template <class T>
    std::vector<T> draw(std::size_t n, std::vector<int> levels) {
        std::uniform_int_distribution<std::size_t> pick(0, levels.size() - 1);
        std::vector<T> v(n);
        for (auto& x : v) x = T(levels[pick(rng)]);
        return v;
    }
    tensor input(shape3 s, std::vector<int> levels) {
        tensor t(s);
        t.v = draw<int32_t>(s.size(), std::move(levels));
        return t;
    }
};

node conv_node(int out_channels, int kernel, int stride, int pad, int pad_value) {
    node n;
    n.name = "conv";
    n.kind = op_kind::conv;
    n.binary = true;
    n.out_channels = out_channels;
    n.kernel = kernel;
    n.stride = stride;
    n.pad = pad;
    n.pad_value = pad_value;
    return n;
}

// The bit-packed rows [rb, re) of the layer; fails the test if the layer had no packed form.
tensor packed(const node& n, const node_params& p, const tensor& in, shape3 out_shape, int rb, int re) {
    tensor out(out_shape, 12345);
    EXPECT_TRUE(conv_rows_bitpacked(n, p, in, out, rb, re));
    return out;
}

} // namespace

TEST(golden_bitpacked, conv_matches_direct_summation) {
    random_layer r;
    int cases = 0;
    for (int k : {1, 3, 5, 7})
        for (int stride : {1, 2})
            for (int pad = 0; pad < k; ++pad)
                for (int pad_value : {0, 1, -1})
                    for (int C : {3, 63, 64, 65, 130}) {
                        const node n = conv_node(5, k, stride, pad, pad_value);
                        node_params p;
                        p.weights = r.draw<int8_t>(std::size_t(5) * k * k * C, {-1, 1});
                        const tensor in = r.input({C, 9, 8}, {-1, 1});
                        const tensor want = naive_conv(n, p, in);
                        const std::string where = "k " + std::to_string(k) + " stride " + std::to_string(stride) +
                                                  " pad " + std::to_string(pad) + " value " +
                                                  std::to_string(pad_value) + " C " + std::to_string(C);
                        EXPECT_EQ(packed(n, p, in, want.shape, 0, want.shape.h), want) << where;
                        EXPECT_EQ(conv_reference(n, p, in), want) << where;
                        ++cases;
                    }
    EXPECT_EQ(cases, 480);
}

TEST(golden_bitpacked, conv_with_zero_inputs) {
    // Inputs may hold 0 as well as the padding (e.g. a 1-bit network input of 0).
    random_layer r;
    for (int C : {1, 3, 64, 65}) {
        const node n = conv_node(4, 3, 1, 1, -1);
        node_params p;
        p.weights = r.draw<int8_t>(std::size_t(4) * 9 * C, {-1, 1});
        const tensor in = r.input({C, 6, 7}, {-1, 0, 1});
        const tensor want = naive_conv(n, p, in);
        EXPECT_EQ(packed(n, p, in, want.shape, 0, want.shape.h), want) << "C " << C;
    }
}

TEST(golden_bitpacked, conv_row_ranges_write_only_their_rows) {
    // The platform's units compute one output row at a time.
    random_layer r;
    const node n = conv_node(3, 3, 2, 1, 0);
    node_params p;
    p.weights = r.draw<int8_t>(std::size_t(3) * 9 * 70, {-1, 1});
    const tensor in = r.input({70, 11, 9}, {-1, 1});
    const tensor want = naive_conv(n, p, in);
    for (int rb = 0; rb < want.shape.h; ++rb)
        for (int re = rb + 1; re <= want.shape.h; ++re) {
            const tensor got = packed(n, p, in, want.shape, rb, re);
            for (int o = 0; o < want.shape.c; ++o)
                for (int y = 0; y < want.shape.h; ++y)
                    for (int x = 0; x < want.shape.w; ++x)
                        ASSERT_EQ(got.at(o, y, x), y >= rb && y < re ? want.at(o, y, x) : 12345)
                            << "rows [" << rb << ", " << re << ") at " << o << "," << y << "," << x;
        }
}

TEST(golden_bitpacked, fc_matches_direct_summation) {
    random_layer r;
    for (shape3 s : {shape3{1, 1, 1}, shape3{3, 1, 1}, shape3{63, 1, 1}, shape3{64, 1, 1},
                     shape3{65, 1, 1}, shape3{130, 1, 1}, shape3{5, 3, 2}, shape3{13, 3, 3}}) {
        node n;
        n.name = "fc";
        n.kind = op_kind::fc;
        n.out_channels = 7;
        node_params p;
        p.weights = r.draw<int8_t>(7 * s.size(), {-1, 1});
        const tensor in = r.input(s, {-1, 1});
        const tensor want = naive_fc(n, p, in);
        EXPECT_EQ(packed(n, p, in, want.shape, 0, 1), want) << "fan-in " << s.size();
        EXPECT_EQ(conv_reference(n, p, in), want) << "fan-in " << s.size();
    }
}

TEST(golden_bitpacked, other_layers_fall_back_to_direct_summation) {
    random_layer r;
    node n = conv_node(4, 3, 1, 1, 0);
    node_params p;
    p.weights = r.draw<int8_t>(4 * 9 * 5, {-1, 1});
    // A multi-bit input (the network input read by a binary stem) has no packed form ...
    const tensor multi = r.input({5, 6, 6}, {-3, -1, 0, 2, 7});
    tensor out({4, 6, 6}, 12345);
    EXPECT_FALSE(conv_rows_bitpacked(n, p, multi, out, 0, 6));
    EXPECT_EQ(out, tensor({4, 6, 6}, 12345));   // untouched
    EXPECT_EQ(conv_reference(n, p, multi), naive_conv(n, p, multi));
    // ... nor a weight outside -1/+1, nor a full-precision layer.
    const tensor bin = r.input({5, 6, 6}, {-1, 1});
    node_params p2 = p;
    p2.weights[17] = 2;
    EXPECT_FALSE(conv_rows_bitpacked(n, p2, bin, out, 0, 6));
    EXPECT_EQ(conv_reference(n, p2, bin), naive_conv(n, p2, bin));
    n.binary = false;
    EXPECT_FALSE(conv_rows_bitpacked(n, p, bin, out, 0, 6));
}
