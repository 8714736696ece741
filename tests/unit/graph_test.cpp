// graph: shape inference and DAG validation on small hand-built graphs.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/graph.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

using namespace pimscope::sw;
using pimscope::input_error;

namespace {

// Builds graphs the way a loader would: nodes appended in order, inputs by name.
struct builder {
    graph g;
    explicit builder(shape3 in) {
        g.name = "t";
        g.source = "hand.yaml";
        g.input_shape = in;
        node n;
        n.name = "input";
        n.kind = op_kind::input;
        n.line = 1;
        g.nodes.push_back(n);
    }
    node& add(const std::string& name, op_kind k, std::initializer_list<const char*> ins = {}) {
        node n;
        n.name = name;
        n.kind = k;
        n.line = int(g.nodes.size()) + 1;
        if (ins.size() == 0) {
            n.inputs = {int(g.nodes.size()) - 1};
        } else {
            for (const char* s : ins) n.inputs.push_back(g.find(s));
        }
        g.nodes.push_back(n);
        return g.nodes.back();
    }
    node& conv(const std::string& name, int oc, int k, int s = 1, int p = 0) {
        node& n = add(name, op_kind::conv);
        n.out_channels = oc;
        n.kernel = k;
        n.stride = s;
        n.pad = p;
        return n;
    }
};

// Runs infer_shapes expecting an input_error whose message holds every fragment.
void expect_error(graph& g, std::initializer_list<const char*> fragments) {
    try {
        g.infer_shapes();
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        const std::string msg = e.what();
        for (const char* f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << msg;
    }
}

} // namespace

TEST(graph, to_string_names_every_op) {
    EXPECT_STREQ(to_string(op_kind::input), "input");
    EXPECT_STREQ(to_string(op_kind::conv), "conv");
    EXPECT_STREQ(to_string(op_kind::global_avgpool), "global_avgpool");
    EXPECT_STREQ(to_string(op_kind::flatten), "flatten");
    EXPECT_STREQ(to_string(op_kind::threshold), "threshold");
}

TEST(graph, conv_pool_chain_shapes) {
    builder b({3, 224, 224});
    b.conv("c1", 64, 11, 4, 2);
    node& p = b.add("p1", op_kind::maxpool);
    p.kernel = 3;
    p.stride = 2;
    b.add("t1", op_kind::threshold);
    b.conv("c2", 192, 5, 1, 2);
    node& a = b.add("a2", op_kind::avgpool);
    a.kernel = 2;
    a.stride = 2;
    b.add("g", op_kind::global_avgpool);
    b.add("s", op_kind::sign);
    node& f = b.add("fc", op_kind::fc);
    f.out_channels = 10;
    b.g.infer_shapes();
    EXPECT_EQ(b.g.nodes[0].out, (shape3{3, 224, 224}));
    EXPECT_EQ(b.g.nodes[1].out, (shape3{64, 55, 55}));  // floor((224+4-11)/4)+1
    EXPECT_EQ(b.g.nodes[2].out, (shape3{64, 27, 27}));
    EXPECT_EQ(b.g.nodes[3].out, (shape3{64, 27, 27}));
    EXPECT_EQ(b.g.nodes[4].out, (shape3{192, 27, 27}));
    EXPECT_EQ(b.g.nodes[5].out, (shape3{192, 13, 13}));
    EXPECT_EQ(b.g.nodes[6].out, (shape3{192, 1, 1}));
    EXPECT_EQ(b.g.nodes[8].out, (shape3{10, 1, 1}));
    EXPECT_EQ(b.g.crossbar_layers(), (std::vector<int>{1, 4, 8}));
    EXPECT_TRUE(b.g.reads_network_input(1));
    EXPECT_FALSE(b.g.reads_network_input(4));
    EXPECT_FALSE(b.g.reads_network_input(99));
    EXPECT_EQ(b.g.find("c2"), 4);
    EXPECT_EQ(b.g.find("nope"), -1);
    EXPECT_EQ(b.g.output_node(), 8);
}

TEST(graph, add_concat_flatten_and_fc_on_a_map) {
    builder b({8, 6, 6});
    b.add("s", op_kind::sign);
    b.conv("c", 8, 3, 1, 1);
    b.add("sum", op_kind::add, {"input", "c"});
    b.add("cat", op_kind::concat, {"sum", "c", "input"});
    b.add("bn", op_kind::batchnorm);
    b.add("r", op_kind::relu);
    b.add("t", op_kind::threshold);
    b.add("fl", op_kind::flatten);
    node& f1 = b.add("f1", op_kind::fc);
    f1.out_channels = 5;
    node& f2 = b.add("f2", op_kind::fc, {"t"});  // reads a C x H x W map: flattened
    f2.out_channels = 7;
    b.g.infer_shapes();
    EXPECT_EQ(b.g.nodes[3].out, (shape3{8, 6, 6}));
    EXPECT_EQ(b.g.nodes[4].out, (shape3{24, 6, 6}));
    EXPECT_EQ(b.g.nodes[7].out, (shape3{24, 6, 6}));
    EXPECT_EQ(b.g.nodes[8].out, (shape3{24 * 36, 1, 1}));
    EXPECT_EQ(b.g.nodes[9].out, (shape3{5, 1, 1}));
    EXPECT_EQ(b.g.nodes[10].out, (shape3{7, 1, 1}));
}

TEST(graph, maxpool_pad_and_non_binary_conv) {
    builder b({3, 112, 112});
    node& p = b.add("p", op_kind::maxpool);
    p.kernel = 3;
    p.stride = 2;
    p.pad = 1;
    node& c = b.conv("c", 4, 3, 1, 1);  // full precision: may read any map
    c.binary = false;
    b.g.infer_shapes();
    EXPECT_EQ(b.g.nodes[1].out, (shape3{3, 56, 56}));
    EXPECT_EQ(b.g.nodes[2].out, (shape3{4, 56, 56}));
    EXPECT_TRUE(b.g.crossbar_layers().empty());
}

TEST(graph, binary_map_propagates_through_maxpool_flatten_concat) {
    builder b({4, 8, 8});
    b.add("s1", op_kind::sign);
    b.add("s2", op_kind::threshold, {"input"});
    b.add("cat", op_kind::concat, {"s1", "s2"});
    node& p = b.add("p", op_kind::maxpool);
    p.kernel = 2;
    p.stride = 2;
    b.add("fl", op_kind::flatten);
    node& f = b.add("f", op_kind::fc);
    f.out_channels = 3;
    EXPECT_NO_THROW(b.g.infer_shapes());
}

TEST(graph, error_binary_conv_on_non_binary_map) {
    builder b({3, 8, 8});
    b.conv("c1", 4, 3);
    b.add("bn", op_kind::batchnorm);
    b.conv("c2", 4, 3);
    expect_error(b.g, {"hand.yaml", "c2", "line 4", "'bn'", "sign or threshold"});
}

TEST(graph, error_binary_fc_on_concat_with_non_binary_part) {
    builder b({3, 8, 8});
    b.add("s", op_kind::sign);
    b.add("cat", op_kind::concat, {"s", "input"});
    node& f = b.add("f", op_kind::fc);
    f.out_channels = 2;
    expect_error(b.g, {"hand.yaml", "'f'", "'cat'"});
}

TEST(graph, error_wrong_arity) {
    {
        builder b({3, 8, 8});
        b.add("a", op_kind::add);
        expect_error(b.g, {"hand.yaml", "'a'", "expects 2"});
    }
    {
        builder b({3, 8, 8});
        b.add("cat", op_kind::concat);
        expect_error(b.g, {"'cat'", "at least 2"});
    }
    {
        builder b({3, 8, 8});
        b.add("r", op_kind::relu, {"input", "input"});
        expect_error(b.g, {"'r'", "expects 1"});
    }
    {
        builder b({3, 8, 8});
        node& n = b.add("in2", op_kind::input);
        n.inputs.clear();
        expect_error(b.g, {"'in2'", "only the first node"});
    }
}

TEST(graph, error_input_not_earlier) {
    builder b({3, 8, 8});
    node& r = b.add("r", op_kind::relu);
    r.inputs = {1};  // itself
    expect_error(b.g, {"hand.yaml", "'r'", "earlier node"});
    builder b2({3, 8, 8});
    node& r2 = b2.add("r", op_kind::relu);
    r2.inputs = {-1};
    expect_error(b2.g, {"'r'", "earlier node"});
}

TEST(graph, error_add_shape_mismatch) {
    builder b({3, 8, 8});
    b.conv("c", 4, 3, 1, 1);
    b.add("sum", op_kind::add, {"input", "c"});
    expect_error(b.g, {"hand.yaml", "'sum'", "3x8x8", "4x8x8"});
}

TEST(graph, error_concat_spatial_mismatch) {
    builder b({3, 8, 8});
    b.conv("c", 4, 3);
    b.add("cat", op_kind::concat, {"input", "c"});
    expect_error(b.g, {"'cat'", "equal height and width", "4x6x6"});
}

TEST(graph, error_kernel_larger_than_map) {
    builder b({3, 8, 8});
    b.conv("big", 4, 11, 1, 1);
    expect_error(b.g, {"hand.yaml", "'big'", "kernel 11", "padded input height 10"});
    builder b2({3, 4, 4});
    node& p = b2.add("p", op_kind::maxpool);
    p.kernel = 5;
    expect_error(b2.g, {"'p'", "kernel 5"});
}

TEST(graph, error_bad_sizes) {
    {
        builder b({3, 8, 8});
        b.conv("c", 0, 3);
        expect_error(b.g, {"'c'", "out_channels"});
    }
    {
        builder b({3, 8, 8});
        b.conv("c", 4, 0);
        expect_error(b.g, {"'c'", "kernel must be >= 1"});
    }
    {
        builder b({3, 8, 8});
        b.conv("c", 4, 3, 0);
        expect_error(b.g, {"'c'", "stride"});
    }
    {
        builder b({3, 8, 8});
        b.conv("c", 4, 3, 1, -1);
        expect_error(b.g, {"'c'", "pad must be >= 0"});
    }
    {
        builder b({3, 8, 8});
        node& p = b.add("p", op_kind::avgpool);
        p.kernel = 2;
        p.pad = 2;
        expect_error(b.g, {"'p'", "half the kernel"});
    }
    {
        builder b({0, 8, 8});
        b.add("r", op_kind::relu);
        expect_error(b.g, {"hand.yaml", "input shape 0x8x8"});
    }
    {
        builder b({3, 8, 8});
        node& f = b.add("f", op_kind::fc);
        f.out_channels = -3;
        expect_error(b.g, {"'f'", "out_channels"});
    }
}

TEST(graph, error_pad_value) {
    builder b({3, 8, 8});
    node& c = b.conv("c", 4, 3, 1, 1);
    c.pad_value = 2;
    expect_error(b.g, {"hand.yaml", "'c'", "pad_value must be -1, 0 or +1"});
}

TEST(graph, error_duplicate_name_and_missing_input_node) {
    builder b({3, 8, 8});
    b.add("r", op_kind::relu);
    b.add("r", op_kind::relu);
    expect_error(b.g, {"'r'", "duplicate"});

    graph g;
    g.source = "x.yaml";
    g.input_shape = {1, 1, 1};
    expect_error(g, {"x.yaml", "no nodes"});
    node n;
    n.name = "r";
    n.kind = op_kind::relu;
    g.nodes.push_back(n);
    expect_error(g, {"x.yaml", "'r'", "must be the input"});
}
