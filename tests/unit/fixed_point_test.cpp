// The fixed-point deployment's arithmetic (sw/fixed_point.hpp) against naive double
// references, and the saturating batchnorm/add the output units compute.
#include "pimscope/sw/fixed_point.hpp"
#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/kernel_adapters.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace pimscope::sw;

TEST(fixed_point, round_half_away_from_zero) {
    EXPECT_EQ(round_half_away(2.5), 3.0);
    EXPECT_EQ(round_half_away(-2.5), -3.0);
    EXPECT_EQ(round_half_away(1.49), 1.0);
    EXPECT_EQ(round_half_away(-0.5), -1.0);
}

TEST(fixed_point, format_names_integer_and_fraction_bits) {
    EXPECT_EQ((fixed_point_format{16, 8}.str()), "Q7.8 (16 b)");
    EXPECT_EQ((fixed_point_format{12, 10}.lo()), -2048);
    EXPECT_EQ((fixed_point_format{12, 10}.hi()), 2047);
}

TEST(fixed_point, per_channel_quantisation_matches_a_naive_reference) {
    std::mt19937 rng(7);
    std::normal_distribution<float> d(0.0f, 0.3f);
    const int K = 5, row = 27;
    std::vector<float> w(std::size_t(K) * row);
    for (auto& v : w) v = d(rng);
    for (int i = 0; i < row; ++i) w[std::size_t(3 * row + i)] = 0;   // an all-zero channel
    for (int bits : {2, 4, 8}) {
        const auto q = quantise_per_channel(w, K, bits);
        const double top = std::pow(2.0, bits - 1) - 1;
        for (int k = 0; k < K; ++k) {
            double m = 0;
            for (int i = 0; i < row; ++i) m = std::max(m, std::abs(double(w[std::size_t(k * row + i)])));
            const double s = m > 0 ? m / top : 1.0;
            EXPECT_DOUBLE_EQ(q.scale[std::size_t(k)], s);
            double err = 0;
            for (int i = 0; i < row; ++i) {
                const double x = double(w[std::size_t(k * row + i)]) / s;
                // Naive half-away rounding, written out.
                const double r = x >= 0 ? std::floor(x + 0.5) : -std::floor(-x + 0.5);
                EXPECT_EQ(q.q[std::size_t(k * row + i)], int(std::max(-top, std::min(top, r)))) << k << " " << i;
                EXPECT_LE(std::abs(q.q[std::size_t(k * row + i)]), top);
                err += std::abs(double(w[std::size_t(k * row + i)]) - r * s);
                // Each weight is within half a step of its quantised value.
                EXPECT_LE(std::abs(double(w[std::size_t(k * row + i)]) - r * s), s / 2 * (1 + 1e-12));
            }
            EXPECT_NEAR(q.abs_error[std::size_t(k)], err, 1e-12);
        }
        // The largest weight of a channel reaches the top code.
        EXPECT_EQ(*std::max_element(q.q.begin(), q.q.begin() + row) == top ||
                      *std::min_element(q.q.begin(), q.q.begin() + row) == -top,
                  true);
    }
}

TEST(fixed_point, requantiser_is_within_its_stated_bound_of_the_real_value) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> ua(-0.05, 0.05), ub(-6, 6);
    const int C = 6, fraction = 8;
    std::vector<double> a(C), b(C);
    for (int c = 0; c < C; ++c) {
        a[std::size_t(c)] = ua(rng);
        b[std::size_t(c)] = ub(rng);
    }
    const auto r = make_requantiser(a, b, fraction);
    ASSERT_TRUE(r.ok);
    for (int c = 0; c < C; ++c) {
        EXPECT_LT(std::abs(double(r.mul[std::size_t(c)])), std::ldexp(1.0, 30));
        EXPECT_LT(std::abs(double(r.add[std::size_t(c)])), std::ldexp(1.0, 30));
    }
    const double bound = 4000;
    const double allowed = r.max_error(a, b, fraction, bound);
    EXPECT_LT(allowed, std::ldexp(1.0, -fraction));   // within one step of Q.8
    std::uniform_int_distribution<int> un(-4000, 4000);
    for (int t = 0; t < 2000; ++t) {
        const int c = t % C, n = un(rng);
        const int64_t y = (int64_t(r.mul[std::size_t(c)]) * n + r.add[std::size_t(c)]) >> r.shift;
        const double real = a[std::size_t(c)] * n + b[std::size_t(c)];
        EXPECT_LE(std::abs(std::ldexp(double(y), -fraction) - real), allowed + 1e-12) << c << " " << n;
    }
}

TEST(fixed_point, requantiser_of_unit_scale_is_an_exact_shift) {
    // A +-1 map into Q.8: y = 256 * n exactly.
    const auto r = make_requantiser({1.0}, {0.0}, 8);
    ASSERT_TRUE(r.ok);
    for (int n : {-1, 1, 7})
        EXPECT_EQ((int64_t(r.mul[0]) * n + r.add[0]) >> r.shift, 256 * n);
    EXPECT_EQ(r.max_error({1.0}, {0.0}, 8, 1), 0.0 + std::ldexp(1.0, -9));
}

TEST(fixed_point, requantiser_refuses_a_scale_too_large_for_int32) {
    EXPECT_FALSE(make_requantiser({1e9}, {0.0}, 8).ok);
    EXPECT_FALSE(make_requantiser({1.0}, {1e9}, 8).ok);
    EXPECT_FALSE(make_requantiser({std::nan("")}, {0.0}, 8).ok);
}

namespace {

// The batchnorm/add operators with a `bits` width, through the golden reference.
tensor run_op(op_kind k, int bits, const node_params& p, std::vector<const tensor*> ins) {
    graph g;
    node in;
    in.name = "input";
    g.nodes.push_back(in);
    node n;
    n.name = "op";
    n.kind = k;
    n.bits = bits;
    n.inputs = k == op_kind::add ? std::vector<int>{0, 0} : std::vector<int>{0};
    g.nodes.push_back(n);
    return apply_digital(g, 1, p, ins);
}

} // namespace

TEST(fixed_point, batchnorm_and_add_saturate_at_their_width) {
    tensor x({1, 1, 4});
    x.v = {-300, -2, 5, 300};
    node_params p;
    p.mul = {3};
    p.add = {1};
    p.shift = 1;   // y = floor((3x + 1) / 2): -450, -3, 8, 450 before saturation
    EXPECT_EQ(run_op(op_kind::batchnorm, 0, p, {&x}).v, (std::vector<int32_t>{-450, -3, 8, 450}));
    EXPECT_EQ(run_op(op_kind::batchnorm, 9, p, {&x}).v, (std::vector<int32_t>{-256, -3, 8, 255}));
    tensor y({1, 1, 4});
    y.v = {-300, 100, -5, 200};
    EXPECT_EQ(run_op(op_kind::add, 0, {}, {&x, &y}).v, (std::vector<int32_t>{-600, 98, 0, 500}));
    EXPECT_EQ(run_op(op_kind::add, 9, {}, {&x, &y}).v, (std::vector<int32_t>{-256, 98, 0, 255}));
}

namespace {

// The digital unit's multi-bit conv/fc (kernel::digital_rows) against the golden
// reference's own summation, on random 8-bit weights and 16-bit words.
void expect_unit_equals_golden(node n, shape3 in_shape) {
    std::mt19937 rng(13);
    std::uniform_int_distribution<int> uw(-127, 127), ux(-32768, 32767);
    graph g;
    node in;
    in.name = "input";
    in.out = in_shape;
    g.nodes.push_back(in);
    n.name = "layer";
    n.inputs = {0};
    n.binary = false;
    g.nodes.push_back(n);
    tensor x(in_shape);
    for (auto& v : x.v) v = ux(rng);
    node_params p;
    const std::size_t fan_in = n.kind == op_kind::fc ? in_shape.size() : std::size_t(n.kernel) * n.kernel * in_shape.c;
    p.weights.resize(fan_in * std::size_t(n.out_channels));
    for (auto& w : p.weights) w = int8_t(uw(rng));
    const tensor want = conv_reference(g.nodes[1], p, x);
    tensor got(want.shape);
    pimscope::kernel::digital_rows(digital_op_of(g.nodes[1], p), {&x}, got, 0, want.shape.h);
    EXPECT_EQ(got.v, want.v);
}

} // namespace

TEST(fixed_point, unit_conv_and_fc_equal_the_golden_summation) {
    node conv;
    conv.kind = op_kind::conv;
    conv.out_channels = 5;
    conv.kernel = 3;
    conv.stride = 2;
    conv.pad = 1;
    expect_unit_equals_golden(conv, {3, 9, 7});
    node fc;
    fc.kind = op_kind::fc;
    fc.out_channels = 4;
    expect_unit_equals_golden(fc, {6, 2, 3});
}
