// The graph becomes hardware stages: crossbar layers on tile groups, the digital nodes
// that follow them in the tile group's output unit, chip-level units only for what has
// no tile to run on.
#include "pimscope/sw/stage_plan.hpp"

#include <gtest/gtest.h>

using namespace pimscope;

namespace {

sw::graph net(const std::string& name) {
    return sw::load_network(PIMSCOPE_SOURCE_DIR "/configs/nets/" + name + ".yaml");
}

std::vector<std::string> names(const sw::graph& g, const std::vector<int>& nodes) {
    std::vector<std::string> out;
    for (int n : nodes) out.push_back(g.nodes[std::size_t(n)].name);
    return out;
}

const sw::planned_stage& stage_named(const sw::stage_plan& p, const std::string& name) {
    for (const auto& s : p.stages)
        if (s.name == name) return s;
    throw std::runtime_error("no stage " + name);
}

TEST(stage_plan, one_stage_per_crossbar_layer_plus_chip_units) {
    const auto g = net("bresnete18");
    const auto p = sw::plan_stages(g);
    int crossbar_stages = 0;
    for (const auto& s : p.stages) crossbar_stages += !s.unit();
    EXPECT_EQ(crossbar_stages, 21);
    // The global pool before the classifier is the only chip-level unit; the ReLU before
    // it runs in the last block's output unit, the sign after it in the unit.
    ASSERT_EQ(p.stages.size(), 22u);
    const auto& unit = stage_named(p, "head_pool");
    EXPECT_TRUE(unit.unit());
    EXPECT_EQ(names(g, unit.nodes), (std::vector<std::string>{"head_pool", "head_sign"}));
    EXPECT_EQ(names(g, unit.inputs), (std::vector<std::string>{"head_relu"}));
    EXPECT_EQ(names(g, unit.outputs), (std::vector<std::string>{"head_sign"}));
}

TEST(stage_plan, digital_nodes_run_on_the_way_out_of_their_latest_producer) {
    const auto g = net("bresnete18");
    const auto p = sw::plan_stages(g);
    const auto& stem = stage_named(p, "stem");
    EXPECT_EQ(names(g, stem.nodes),
              (std::vector<std::string>{"stem", "stem_bn", "stem_relu", "stem_pool", "stem_bn2", "s1b1_sign"}));
    EXPECT_EQ(names(g, stem.inputs), (std::vector<std::string>{"input"}));
    // The real-valued residual stream and its sign leave the stem's tile group.
    EXPECT_EQ(names(g, stem.outputs), (std::vector<std::string>{"stem_bn2", "s1b1_sign"}));
    // A block's output unit adds the residual it receives and signs the sum for the next
    // block's crossbar.
    const auto& b1 = stage_named(p, "s1b1_conv");
    EXPECT_EQ(names(g, b1.nodes),
              (std::vector<std::string>{"s1b1_conv", "s1b1_bn", "s1b1_add", "s1b2_sign"}));
    EXPECT_EQ(names(g, b1.inputs), (std::vector<std::string>{"stem_bn2", "s1b1_sign"}));
    EXPECT_EQ(names(g, b1.outputs), (std::vector<std::string>{"s1b1_add", "s1b2_sign"}));
    // The downsampling shortcut's pool and sign run where their input was made; the
    // stage's residual sum stays inside (the next block adds the shortcut instead).
    const auto& b4 = stage_named(p, "s1b4_conv");
    EXPECT_EQ(names(g, b4.outputs), (std::vector<std::string>{"s2b1_sc_sign", "s2b1_sign"}));
}

TEST(stage_plan, stages_read_only_earlier_stages) {
    for (const char* name : {"bresnete18", "bdensenet28", "balexnet", "fmnist_bnn"}) {
        const auto g = net(name);
        const auto p = sw::plan_stages(g);
        for (std::size_t s = 0; s < p.stages.size(); ++s) {
            for (int in : p.stages[s].inputs) EXPECT_LT(p.stage_of[std::size_t(in)], int(s)) << name;
            for (int node : p.stages[s].nodes) EXPECT_EQ(p.stage_of[std::size_t(node)], int(s)) << name;
        }
        // Every node but the input belongs to exactly one stage.
        std::size_t placed = 0;
        for (const auto& s : p.stages) placed += s.nodes.size();
        EXPECT_EQ(placed, g.nodes.size() - 1) << name;
        // The network output goes to the host.
        const auto& last = p.stages[std::size_t(p.stage_of.back())];
        EXPECT_NE(std::find(last.outputs.begin(), last.outputs.end(), g.output_node()), last.outputs.end());
    }
}

TEST(stage_plan, alexnet_and_densenet_have_no_chip_units) {
    for (const char* name : {"balexnet", "fmnist_bnn"}) {
        const auto p = sw::plan_stages(net(name));
        for (const auto& s : p.stages) EXPECT_FALSE(s.unit()) << name << " " << s.name;
    }
    const auto g = net("bdensenet28");
    const auto p = sw::plan_stages(g);
    int units = 0;
    for (const auto& s : p.stages) units += s.unit();
    EXPECT_EQ(units, 1);   // the global pool before its classifier
    // A dense layer's output unit concatenates its sums onto the map it received.
    const auto& d1 = stage_named(p, "d1l1_conv");
    EXPECT_EQ(names(g, d1.nodes), (std::vector<std::string>{"d1l1_conv", "d1l1_cat", "d1l2_act"}));
}

TEST(stage_plan, digital_nodes_on_the_network_input_get_a_chip_unit) {
    sw::graph g;
    g.name = "t";
    g.input_shape = {1, 4, 4};
    sw::node in, s, c;
    in.name = "input";
    g.nodes.push_back(in);
    s.name = "in_sign";
    s.kind = sw::op_kind::sign;
    s.inputs = {0};
    g.nodes.push_back(s);
    c.name = "conv";
    c.kind = sw::op_kind::conv;
    c.inputs = {1};
    c.out_channels = 2;
    c.kernel = 3;
    g.nodes.push_back(c);
    g.infer_shapes();
    const auto p = sw::plan_stages(g);
    ASSERT_EQ(p.stages.size(), 2u);
    EXPECT_TRUE(p.stages[0].unit());
    EXPECT_EQ(p.stages[1].crossbar, 2);
    EXPECT_EQ(p.stages[1].inputs, (std::vector<int>{1}));
}

} // namespace
