// The RTL datapath in every PE of a whole network: outputs identical to the behavioural
// run, every column sum checked, cycle counts of both models reported; and the broken
// RTL variant is caught in a real workload. One elaboration per process: the
// behavioural reference run goes to a forked child.
#include "cosim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/rtl/cosim.hpp"

#include <sstream>

using namespace pimscope;
using namespace pimscope::test::cosim;

TEST(cosim_run, bresnete18_rtl_in_every_pe_matches_behavioural) {
    const test::digest reference = behavioural_digest();
    ASSERT_TRUE(reference.ok);

    const auto s = rtl_setup("rtl");
    std::vector<sw::tensor> outs;
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images, &outs);
    EXPECT_EQ(hash_all(outs), reference.output_hash);
    EXPECT_EQ(test::summarise(r).exact_images, 1);
    ASSERT_TRUE(r.cosim);
    const auto& rep = *r.cosim;
    EXPECT_GT(r.rtl_datapaths, 0);
    EXPECT_EQ(rep.mismatches(), 0u);
    EXPECT_GT(rep.checked(), 10000u);
    // Every crossbar layer went through the RTL, with its cycles counted both ways.
    EXPECT_EQ(rep.layers.size(), s.g.crossbar_layers().size());
    for (const auto& [node, st] : rep.layers) {
        EXPECT_GT(st.rtl_cycles, 0u) << node;
        // The behavioural PE's cycles for the same calls (0 when the arch's adder-tree
        // and shift-add latencies are 0, as in a cost table without them).
        EXPECT_GE(st.rtl_cycles, st.model_cycles) << node;
        // RTL: C + LEVELS + 1 cycles per plane of C columns.
        EXPECT_EQ(st.rtl_cycles, st.beats + st.transactions * uint64_t(rtl::rtl_tree_levels() + 1));
    }
    // The timing differs from the behavioural run only through the datapath's cycles.
    EXPECT_GT(r.first_latency_s, 0);
    std::ostringstream os;
    rtl::print_cosim(os, rep, s.g, rtl::spec_of(s.arch));
    EXPECT_NE(os.str().find("mismatches 0"), std::string::npos) << os.str();
}

TEST(cosim_run, broken_rtl_is_caught_with_layer_and_window) {
    const auto s = rtl_setup("rtl_broken");
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images);
    ASSERT_TRUE(r.cosim);
    const auto& rep = *r.cosim;
    ASSERT_TRUE(rep.has_mismatch);
    EXPECT_GT(rep.mismatches(), 0u);
    // The bug is in the shift of planes > 0: only the multi-bit first layer has them.
    EXPECT_EQ(rep.first.layer, s.g.crossbar_layers().front());
    EXPECT_EQ(rep.first.row, 0);
    EXPECT_EQ(rep.first.x, 0);
    EXPECT_NE(rep.first.rtl, rep.first.expected);
    // and the wrong sums reach the chip's maps: the platform sees the first layer diverge
    EXPECT_EQ(r.first_divergence, s.g.nodes[std::size_t(rep.first.layer)].name);
    std::ostringstream os;
    rtl::print_cosim(os, rep, s.g, rtl::spec_of(s.arch));
    EXPECT_NE(os.str().find("first mismatch: layer"), std::string::npos) << os.str();
}

TEST(cosim_run, chosen_layers_only) {
    const auto probe = test::make_setup(net, 32, 1, overrides);
    const int second = probe.g.crossbar_layers().at(1);
    const auto s = rtl_setup("rtl", probe.g.nodes[std::size_t(second)].name);
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images);
    ASSERT_TRUE(r.cosim);
    ASSERT_EQ(r.cosim->layers.size(), 1u);
    EXPECT_EQ(r.cosim->layers.begin()->first, second);
    EXPECT_EQ(r.cosim->mismatches(), 0u);
    EXPECT_TRUE(r.images.at(0).exact);
}

TEST(cosim_run, bad_specs_are_errors) {
    EXPECT_THROW(rtl::parse_cosim("pe.datapath=verilog"), input_error);
    EXPECT_THROW(rtl::parse_cosim("adc=rtl"), input_error);
    EXPECT_THROW(rtl::parse_cosim("pe.datapath=rtl@"), input_error);
    const auto s = rtl_setup("rtl", "nope");
    EXPECT_THROW(platform::simulate(s.arch, s.net, s.fp, s.images), input_error);
}
