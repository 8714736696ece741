// The pin-level co-simulation (Verilated SystemC modules behind a TLM-to-pin transactor
// on a clock) in every PE of a whole network, and the RTL traces of both modes.
// One elaboration per process: the behavioural reference run goes to a forked child.
#include "cosim_fixture.hpp"

#include "pimscope/platform/simulation.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/rtl/cosim.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace pimscope;
using namespace pimscope::test::cosim;

namespace {

// What a VCD says: its scopes and signal names, and its timestamps in order.
struct vcd {
    std::string header;
    std::vector<uint64_t> times;
    std::string timescale;
};

vcd read_vcd(const std::string& path) {
    std::ifstream in(path);
    vcd v;
    std::string line;
    bool body = false;
    while (std::getline(in, line)) {
        if (!body) {
            v.header += line + "\n";
            if (line.find("$enddefinitions") != std::string::npos) body = true;
            continue;
        }
        if (!line.empty() && line[0] == '#') v.times.push_back(std::stoull(line.substr(1)));
    }
    const auto ts = v.header.find("$timescale");
    if (ts != std::string::npos) v.timescale = v.header.substr(ts, v.header.find("$end", ts) - ts);
    return v;
}

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "pimscope_" + name + "_" + std::to_string(::getpid());
}

// Checks a VCD of pim_pe_datapath against the run it came from.
void expect_rtl_vcd(const std::string& path, double simulated_s, std::size_t min_times) {
    const vcd v = read_vcd(path);
    // The RTL hierarchy: the adder tree and shift-add instances and their ports.
    for (const char* name : {"u_tree", "u_shift_add", "in_valid", "in_ready", "out_acc", "in_psums", "clk"})
        EXPECT_NE(v.header.find(name), std::string::npos) << name << "\n" << v.header.substr(0, 2000);
    EXPECT_NE(v.timescale.find("1ps"), std::string::npos) << v.timescale;
    ASSERT_GE(v.times.size(), min_times);
    for (std::size_t i = 1; i < v.times.size(); ++i) ASSERT_LE(v.times[i - 1], v.times[i]) << i;
    // Platform time: inside the run's simulated time (ps), not the model's own count.
    EXPECT_GT(v.times.back(), 1000u);
    EXPECT_LE(double(v.times.back()), simulated_s * 1e12 + 1);
}

} // namespace

TEST(cosim_pins, bresnete18_pin_level_rtl_in_every_pe_matches_behavioural) {
    const test::digest reference = behavioural_digest();
    ASSERT_TRUE(reference.ok);

    const auto s = rtl_setup("rtl_pins");
    std::vector<sw::tensor> outs;
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images, &outs);
    // The platform ended (the free-running clock was stopped) with the outputs of the
    // behavioural run.
    EXPECT_EQ(hash_all(outs), reference.output_hash);
    EXPECT_EQ(test::summarise(r).exact_images, 1);
    ASSERT_TRUE(r.cosim);
    const auto& rep = *r.cosim;
    EXPECT_GT(r.rtl_datapaths, 0);
    EXPECT_EQ(rep.mismatches(), 0u);
    EXPECT_GT(rep.checked(), 10000u);
    EXPECT_EQ(rep.layers.size(), s.g.crossbar_layers().size());
    for (const auto& [node, st] : rep.layers) {
        EXPECT_GE(st.rtl_cycles, st.model_cycles) << node;
        // The same cycles as the fast mode: C + LEVELS + 1 clock edges per plane.
        EXPECT_EQ(st.rtl_cycles, st.beats + st.transactions * uint64_t(rtl::rtl_tree_levels() + 1));
    }
    // The pin-level run waits for the RTL: never faster than the behavioural timing.
    EXPECT_GE(r.first_latency_s, reference.first_latency_s * 0.999);
    EXPECT_GT(r.simulated_s, 0);
    std::ostringstream os;
    rtl::print_cosim(os, rep, s.g, rtl::spec_of(s.arch));
    EXPECT_NE(os.str().find("pin-level"), std::string::npos) << os.str();
    EXPECT_NE(os.str().find("mismatches 0"), std::string::npos) << os.str();
}

TEST(cosim_pins, pin_level_trace_has_rtl_signals_at_platform_time) {
    const auto probe = test::make_setup(net, 32, 1, overrides);
    const auto s = rtl_setup("rtl_pins", probe.g.nodes[std::size_t(probe.g.crossbar_layers().front())].name);
    const std::string path = temp_path("pins") + ".vcd";
    platform::run_hooks hooks;
    hooks.rtl_trace_file = path;
    hooks.rtl_trace_limit = 12;
    std::vector<sw::tensor> outs;
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images, &outs, hooks);
    EXPECT_TRUE(r.images.at(0).exact);
    ASSERT_TRUE(r.cosim);
    EXPECT_EQ(r.cosim->mismatches(), 0u);
    // Two dumps per clock edge pair over 12 transactions of >= 1 beat.
    expect_rtl_vcd(path, r.simulated_s, 24);
    std::remove(path.c_str());
}

TEST(cosim_pins, fast_mode_trace_vcd_at_platform_time) {
    const auto probe = test::make_setup(net, 32, 1, overrides);
    const auto s = rtl_setup("rtl", probe.g.nodes[std::size_t(probe.g.crossbar_layers().at(1))].name);
    const std::string path = temp_path("fast") + ".vcd";
    platform::run_hooks hooks;
    hooks.rtl_trace_file = path;
    hooks.rtl_trace_limit = 8;
    const auto r = platform::simulate(s.arch, s.net, s.fp, s.images, nullptr, hooks);
    ASSERT_TRUE(r.cosim);
    EXPECT_EQ(r.cosim->mismatches(), 0u);
    expect_rtl_vcd(path, r.simulated_s, 16);
    std::remove(path.c_str());
}

TEST(cosim_pins, fast_mode_trace_fst_is_written) {
    const auto probe = test::make_setup(net, 32, 1, overrides);
    const auto s = rtl_setup("rtl", probe.g.nodes[std::size_t(probe.g.crossbar_layers().at(1))].name);
    const std::string path = temp_path("fast") + ".fst";
    platform::run_hooks hooks;
    hooks.rtl_trace_file = path;
    hooks.rtl_trace_limit = 8;
    platform::simulate(s.arch, s.net, s.fp, s.images, nullptr, hooks);
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    ASSERT_TRUE(in.good());
    EXPECT_GT(in.tellg(), 100);
    std::remove(path.c_str());
}

TEST(cosim_pins, trace_file_must_be_vcd_or_fst) {
    const auto s = rtl_setup("rtl");
    platform::run_hooks hooks;
    hooks.rtl_trace_file = "x.txt";
    EXPECT_THROW(platform::simulate(s.arch, s.net, s.fp, s.images, nullptr, hooks), input_error);
}
