// Every digital operator on tiny cases computed by hand.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/golden.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

using namespace pimscope;
using namespace pimscope::sw;

namespace {

tensor make(shape3 s, std::vector<int32_t> v) {
    tensor t(s);
    EXPECT_EQ(v.size(), s.size());
    t.v = std::move(v);
    return t;
}

// A graph with just the input and `n` (node 1), so apply_digital can be called on it.
graph one_op(node n) {
    graph g;
    g.name = "t";
    node in;
    in.name = "input";
    g.nodes.push_back(in);
    n.name = "op";
    if (n.inputs.empty()) n.inputs = {0};
    g.nodes.push_back(n);
    return g;
}

tensor run1(const node& n, const node_params& p, std::vector<const tensor*> ins) {
    return apply_digital(one_op(n), 1, p, ins);
}

node make_node(op_kind k, int kernel = 1, int stride = 1, int pad = 0) {
    node n;
    n.kind = k;
    n.kernel = kernel;
    n.stride = stride;
    n.pad = pad;
    return n;
}

} // namespace

TEST(golden, conv_full_precision) {
    node n = make_node(op_kind::conv, 2);
    n.binary = false;
    n.out_channels = 1;
    node_params p;
    p.weights = {1, 0, -1, 2};   // [k][ky][kx][c]
    const tensor in = make({1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    const tensor out = run1(n, p, {&in});
    EXPECT_EQ(out.shape, (shape3{1, 2, 2}));
    EXPECT_EQ(out.v, (std::vector<int32_t>{7, 9, 13, 15}));
    // Stride 2, pad 1: full precision pads with 0 whatever pad_value says.
    n.stride = 2;
    n.pad = 1;
    n.pad_value = 1;
    const tensor o2 = run1(n, p, {&in});
    EXPECT_EQ(o2.shape, (shape3{1, 2, 2}));
    EXPECT_EQ(o2.v, (std::vector<int32_t>{2 * 1, -1 * 2 + 2 * 3, 0 * 4 + 2 * 7, 1 * 5 - 8 + 2 * 9}));
}

TEST(golden, binary_conv_pad_value_and_channel_order) {
    node n = make_node(op_kind::conv, 3, 1, 1);
    n.out_channels = 1;
    node_params p;
    p.weights.assign(9, 1);
    const tensor in = make({1, 1, 1}, {1});
    n.pad_value = -1;
    EXPECT_EQ(run1(n, p, {&in}).v, (std::vector<int32_t>{1 - 8}));
    n.pad_value = 0;
    EXPECT_EQ(run1(n, p, {&in}).v, (std::vector<int32_t>{1}));
    n.pad_value = 1;
    EXPECT_EQ(run1(n, p, {&in}).v, (std::vector<int32_t>{9}));

    // Weights [k][ky][kx][c]: kernel 1, two channels, two outputs.
    node m = make_node(op_kind::conv);
    m.out_channels = 2;
    node_params q;
    q.weights = {1, -1, -1, -1};
    const tensor in2 = make({2, 1, 2}, {1, -1, 1, 1});   // pixel 0 = (1, 1), pixel 1 = (-1, 1)
    EXPECT_EQ(run1(m, q, {&in2}).v, (std::vector<int32_t>{0, -2, -2, 0}));
    q.weights.pop_back();
    EXPECT_THROW(run1(m, q, {&in2}), input_error);
}

TEST(golden, fc_flattens_chw) {
    node n = make_node(op_kind::fc);
    n.out_channels = 2;
    node_params p;
    p.weights = {1, -1, 1, -1, 1, 1, 1, 1};
    const tensor in = make({2, 1, 2}, {1, 2, 3, 4});
    const tensor out = run1(n, p, {&in});
    EXPECT_EQ(out.shape, (shape3{2, 1, 1}));
    EXPECT_EQ(out.v, (std::vector<int32_t>{-2, 10}));
}

TEST(golden, maxpool) {
    const tensor in = make({1, 4, 4}, {1, 5, 2, 0, 3, 4, -1, -2, -5, -6, 7, 8, -7, -8, 9, 1});
    EXPECT_EQ(run1(make_node(op_kind::maxpool, 2, 2), {}, {&in}).v,
              (std::vector<int32_t>{5, 2, -5, 9}));
    // Padding is -inf: an all-negative corner stays negative.
    const tensor neg = make({1, 2, 2}, {-4, -3, -2, -9});
    const tensor o = run1(make_node(op_kind::maxpool, 2, 1, 1), {}, {&neg});
    EXPECT_EQ(o.shape, (shape3{1, 3, 3}));
    EXPECT_EQ(o.v, (std::vector<int32_t>{-4, -3, -3, -2, -2, -3, -2, -2, -9}));
}

TEST(golden, avgpool_floor_and_no_padding_counted) {
    const tensor in = make({1, 2, 2}, {-1, -2, -2, -2});
    EXPECT_EQ(run1(make_node(op_kind::avgpool, 2, 2), {}, {&in}).v, (std::vector<int32_t>{-2}));   // -7/4
    const tensor pos = make({1, 2, 2}, {1, 2, 3, 5});
    EXPECT_EQ(run1(make_node(op_kind::avgpool, 2, 2), {}, {&pos}).v, (std::vector<int32_t>{2}));   // 11/4
    // Pad 1, k 2, s 2: each window holds one real element, the pad is not counted.
    EXPECT_EQ(run1(make_node(op_kind::avgpool, 2, 2, 1), {}, {&pos}).v,
              (std::vector<int32_t>{1, 2, 3, 5}));
}

// Pooling over maps with inside windows and borders (the operators take a faster path for
// windows whose taps are all inside), against plain loops over the taps.
TEST(golden, pooling_matches_plain_loops) {
    tensor in({3, 9, 10});
    for (std::size_t i = 0; i < in.v.size(); ++i) in.v[i] = int32_t((i * 7919) % 23) - 11;
    const struct {
        op_kind kind;
        int k, s, pad;
    } cases[] = {{op_kind::maxpool, 3, 2, 1}, {op_kind::maxpool, 3, 1, 0}, {op_kind::maxpool, 2, 1, 1},
                 {op_kind::avgpool, 3, 1, 1}, {op_kind::avgpool, 3, 2, 0}, {op_kind::maxpool, 4, 3, 2}};
    for (const auto& c : cases) {
        const tensor got = run1(make_node(c.kind, c.k, c.s, c.pad), {}, {&in});
        ASSERT_EQ(got.shape.c, in.shape.c);
        for (int ch = 0; ch < got.shape.c; ++ch)
            for (int oy = 0; oy < got.shape.h; ++oy)
                for (int ox = 0; ox < got.shape.w; ++ox) {
                    int64_t best = INT64_MIN, sum = 0, n = 0;
                    for (int ky = 0; ky < c.k; ++ky)
                        for (int kx = 0; kx < c.k; ++kx) {
                            const int y = oy * c.s - c.pad + ky, x = ox * c.s - c.pad + kx;
                            if (y < 0 || y >= in.shape.h || x < 0 || x >= in.shape.w) continue;
                            best = std::max<int64_t>(best, in.at(ch, y, x));
                            sum += in.at(ch, y, x);
                            ++n;
                        }
                    const int64_t avg = sum >= 0 ? sum / n : -((-sum + n - 1) / n);   // floor
                    EXPECT_EQ(got.at(ch, oy, ox), c.kind == op_kind::maxpool ? best : avg)
                        << "k " << c.k << " s " << c.s << " pad " << c.pad << " at " << ch << "," << oy << "," << ox;
                }
    }
}

TEST(golden, global_avgpool) {
    const tensor in = make({2, 2, 2}, {1, 2, 3, -7, 4, 4, 4, 5});
    const tensor o = run1(make_node(op_kind::global_avgpool), {}, {&in});
    EXPECT_EQ(o.shape, (shape3{2, 1, 1}));
    EXPECT_EQ(o.v, (std::vector<int32_t>{-1, 4}));   // floor(-1/4), floor(17/4)
}

TEST(golden, add_and_concat) {
    const tensor a = make({1, 1, 2}, {1, -2});
    const tensor b = make({1, 1, 2}, {5, 7});
    node add = make_node(op_kind::add);
    add.inputs = {0, 0};
    EXPECT_EQ(run1(add, {}, {&a, &b}).v, (std::vector<int32_t>{6, 5}));
    const tensor c = make({2, 1, 2}, {1, 2, 3, 4});
    EXPECT_THROW(run1(add, {}, {&a, &c}), input_error);
    EXPECT_THROW(run1(add, {}, {&a}), input_error);
    node cat = make_node(op_kind::concat);
    cat.inputs = {0, 0};
    const tensor o = run1(cat, {}, {&c, &a});
    EXPECT_EQ(o.shape, (shape3{3, 1, 2}));
    EXPECT_EQ(o.v, (std::vector<int32_t>{1, 2, 3, 4, 1, -2}));
}

TEST(golden, batchnorm_threshold_sign_relu_flatten) {
    const tensor in = make({2, 1, 3}, {2, -2, 0, -3, -2, -1});
    node_params bn;
    bn.mul = {3, 1};
    bn.add = {-1, 0};
    bn.shift = 1;
    // c0: (6-1)>>1 = 2, (-6-1)>>1 = -4 (floor), (-1)>>1 = -1; c1: -3>>1 = -2, -1, -1.
    EXPECT_EQ(run1(make_node(op_kind::batchnorm), bn, {&in}).v,
              (std::vector<int32_t>{2, -4, -1, -2, -1, -1}));
    node_params th;
    th.thr = {0, 2};
    th.dir = {1, -1};
    // c0: x >= 0; c1: -x >= 2.
    EXPECT_EQ(run1(make_node(op_kind::threshold), th, {&in}).v,
              (std::vector<int32_t>{1, -1, 1, 1, 1, -1}));
    EXPECT_EQ(run1(make_node(op_kind::sign), {}, {&in}).v,
              (std::vector<int32_t>{1, -1, 1, -1, -1, -1}));
    EXPECT_EQ(run1(make_node(op_kind::relu), {}, {&in}).v,
              (std::vector<int32_t>{2, 0, 0, 0, 0, 0}));
    const tensor f = run1(make_node(op_kind::flatten), {}, {&in});
    EXPECT_EQ(f.shape, (shape3{6, 1, 1}));
    EXPECT_EQ(f.v, in.v);
    th.thr.pop_back();
    EXPECT_THROW(run1(make_node(op_kind::threshold), th, {&in}), input_error);
}

TEST(golden, inferred_shape_mismatch_is_reported) {
    node n = make_node(op_kind::maxpool, 2, 2);
    n.out = {1, 3, 3};
    const tensor in = make({1, 2, 2}, {1, 2, 3, 4});
    EXPECT_THROW(run1(n, {}, {&in}), input_error);
}

TEST(golden, run_chains_nodes) {
    graph g;
    g.input_shape = {1, 2, 2};
    g.nodes.resize(4);
    g.nodes[0].name = "input";
    g.nodes[1] = make_node(op_kind::relu);
    g.nodes[1].inputs = {0};
    g.nodes[2] = make_node(op_kind::add);
    g.nodes[2].inputs = {1, 0};
    g.nodes[3] = make_node(op_kind::global_avgpool);
    g.nodes[3].inputs = {2};
    network_params p;
    p.nodes.resize(4);
    const tensor in = make({1, 2, 2}, {-3, 1, 2, -5});
    const auto outs = golden_run(g, p, in);
    ASSERT_EQ(outs.size(), 4u);
    EXPECT_EQ(outs[2].v, (std::vector<int32_t>{-3, 2, 4, -5}));
    EXPECT_EQ(outs[3].v, (std::vector<int32_t>{-1}));   // floor(-2/4)
    EXPECT_THROW(golden_run(g, p, make({1, 1, 4}, {1, 2, 3, 4})), input_error);
}

// The platform streams maps row by row: computing one output row at a time must give the
// whole-map result and leave the other rows alone.
TEST(golden, rows_match_whole_map) {
    tensor a({4, 7, 6}), b({4, 7, 6});
    for (std::size_t i = 0; i < a.v.size(); ++i) {
        a.v[i] = int32_t((i * 37) % 11) - 5;
        b.v[i] = int32_t((i * 13) % 7) - 3;
    }
    std::vector<node> ops;
    std::vector<node_params> ps;
    auto add_op = [&](node n, node_params p = {}) {
        ops.push_back(n);
        ps.push_back(p);
    };
    node cv = make_node(op_kind::conv, 3, 2, 1);
    cv.out_channels = 3;
    cv.binary = true;
    cv.pad_value = -1;
    node_params cp;
    for (int i = 0; i < 3 * 9 * 4; ++i) cp.weights.push_back(int8_t(i % 3 == 0 ? -1 : 1));
    add_op(cv, cp);
    cv.binary = false;
    add_op(cv, cp);
    add_op(make_node(op_kind::maxpool, 3, 2, 1));
    add_op(make_node(op_kind::avgpool, 2, 1, 1));
    node_params bn;
    bn.mul = {3, 5, 7, 9};
    bn.add = {-1, 2, 0, 4};
    bn.shift = 2;
    add_op(make_node(op_kind::batchnorm), bn);
    node_params th;
    th.thr = {0, 1, -1, 2};
    th.dir = {1, -1, 1, 1};
    add_op(make_node(op_kind::threshold), th);
    add_op(make_node(op_kind::relu));
    node ad = make_node(op_kind::add);
    ad.inputs = {0, 0};
    add_op(ad);
    node cat = make_node(op_kind::concat);
    cat.inputs = {0, 0};
    add_op(cat);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const graph g = one_op(ops[i]);
        std::vector<const tensor*> ins{&a};
        if (g.nodes[1].inputs.size() == 2) ins.push_back(&b);
        const tensor whole = apply_digital(g, 1, ps[i], ins);
        tensor rows(whole.shape, 12345);
        for (int r = whole.shape.h - 1; r >= 0; --r) {
            apply_digital_rows(g, 1, ps[i], ins, rows, r, r + 1);
            // Rows above r are not written yet.
            if (r > 0) {
                EXPECT_EQ(rows.at(0, r - 1, 0), 12345) << "op " << i;
            }
        }
        EXPECT_EQ(rows, whole) << "op " << i;
    }
}
