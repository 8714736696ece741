// The trace writers on their own (no kernel): slice merging and filters of the timeline,
// exact time printing, the VCD's net changes and scopes, escaping in the SVG charts.
#include "pimscope/traces/svg.hpp"
#include "pimscope/traces/timeline.hpp"
#include "pimscope/traces/vcd.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace pimscope::traces;

namespace {

std::string temp_file(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("pimscope-traces-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<nlohmann::json> slices(const std::string& path) {
    std::vector<nlohmann::json> out;
    const auto doc = nlohmann::json::parse(slurp(path));
    for (const auto& e : doc.at("traceEvents"))
        if (e.at("ph") == "X") out.push_back(e);
    return out;
}

} // namespace

TEST(timeline_writer, merges_back_to_back_slices_and_keeps_busy_time) {
    const std::string path = temp_file("merge.json");
    timeline_filter f;   // merge_gap 0: back to back only
    {
        timeline_writer w(path, f, {"input", "conv"}, 1);
        const int t = w.track("chip.tile_conv_0.pe0.adder_tree", "adder_tree", 1);
        w.slice(t, "adder_tree", 1000, 2000, {1, 0, 0, 8, 1e-12});
        w.slice(t, "adder_tree", 2000, 3000, {1, 0, 1, 8, 1e-12});   // touches: merges
        w.slice(t, "adder_tree", 3500, 4000, {1, 0, 2, 8, 1e-12});   // gap: a new slice
        w.close(5000);
    }
    const auto s = slices(path);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].at("args").at("count"), 2);
    EXPECT_EQ(s[0].at("args").at("bytes"), 16);
    EXPECT_DOUBLE_EQ(s[0].at("ts").get<double>(), 0.001);   // 1000 ps
    EXPECT_DOUBLE_EQ(s[0].at("dur").get<double>(), 0.002);
    EXPECT_EQ(s[0].at("args").at("layer"), "conv");
    EXPECT_FALSE(s[1].at("args").contains("count"));
    EXPECT_EQ(s[1].at("args").at("window"), 2);
    std::remove(path.c_str());
}

TEST(timeline_writer, gap_merging_reports_busy_time_and_filters_drop_what_they_should) {
    const std::string path = temp_file("filter.json");
    timeline_filter f;
    f.merge_gap = 1000;
    f.modules = {"tile_"};
    f.layers = {false, true, false};
    f.from = 10000;
    {
        timeline_writer w(path, f, {"input", "conv", "fc"}, 1);
        const int kept = w.track("chip.tile_conv_0.htree", "htree", 1);
        const int other_layer = w.track("chip.tile_fc_0.htree", "htree", 2);
        const int other_module = w.track("chip.stage_conv", "stage", 1);
        w.slice(kept, "broadcast", 0, 5000, {1, 0, 0, 0, 0});            // before the window
        w.slice(kept, "broadcast", 10000, 11000, {1, 0, 0, 0, 0});
        w.slice(kept, "broadcast", 11500, 12000, {1, 0, 1, 0, 0});       // within the gap
        w.slice(other_layer, "broadcast", 10000, 11000, {2, 0, 0, 0, 0});
        w.slice(other_module, "row", 10000, 11000, {1, 0, -1, 0, 0});
        w.close(20000);
    }
    const auto s = slices(path);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_DOUBLE_EQ(s[0].at("dur").get<double>(), 0.002);
    EXPECT_DOUBLE_EQ(s[0].at("args").at("busy_us").get<double>(), 0.0015);
    const std::string text = slurp(path);
    EXPECT_EQ(text.find("tile_fc_0"), std::string::npos) << "tracks without slices are not named";
    EXPECT_NE(text.find("\"kind\":\"htree\""), std::string::npos);
    std::remove(path.c_str());
}

TEST(vcd_writer, nets_changes_at_one_instant_and_nests_scopes) {
    const std::string path = temp_file("w.vcd");
    vcd_writer v;
    const int busy = v.signal("chip.stage_a.busy", 1);
    const int rows = v.signal("chip.stage_a.input_buffer.occupancy_rows", 16);
    v.change(busy, 100, +1);
    v.change(busy, 200, -1);
    v.change(busy, 200, +1);   // re-reserved at the same instant: stays high
    v.change(busy, 300, -1);
    v.change(rows, 150, +1);   // recorded out of time order
    v.change(rows, 50, +1);
    v.write(path, 1, 400);
    const std::string text = slurp(path);
    EXPECT_NE(text.find("$scope module chip $end\n$scope module stage_a $end\n"), std::string::npos);
    EXPECT_NE(text.find("$scope module input_buffer $end"), std::string::npos);
    EXPECT_EQ(text.find("#200"), std::string::npos) << "no net change at 200";
    EXPECT_LT(text.find("#50\nb1 "), text.find("#150\nb10 ")) << text;
    EXPECT_NE(text.find("#400"), std::string::npos);
    std::remove(path.c_str());
}

TEST(svg, escapes_labels_and_scales_bars) {
    const std::string svg = bar_chart("a <b> & c", {{"x<y", 2.0}, {"z", 1.0}}, "s");
    EXPECT_NE(svg.find("a &lt;b&gt; &amp; c"), std::string::npos);
    EXPECT_NE(svg.find("x&lt;y"), std::string::npos);
    EXPECT_NE(svg.find("width=\"420.0\""), std::string::npos) << "the largest bar fills the plot";
    EXPECT_NE(svg.find("width=\"210.0\""), std::string::npos);
    EXPECT_EQ(si_format(1.5e-6, "s"), "1.5 µs");
    EXPECT_EQ(si_format(1.23456e-5, "s"), "12.35 µs");
    EXPECT_EQ(si_format(0.25, "mm2", false), "0.25 mm2");
}
