// The transaction timeline: well-formed trace-event JSON, every slice inside the run's
// simulated time, no two slices of one track overlapping, and busy time summed from the
// slices equal to what bottlenecks.csv states (±1 %). Filters keep what they should.
#include "inspect_fixture.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace pimscope;
using nlohmann::json;

namespace {

struct track_info {
    std::string layer, kind, path;
};

struct timeline {
    json doc;
    std::map<std::pair<int, int>, track_info> tracks;            // (pid, tid)
    std::map<std::pair<int, int>, std::vector<const json*>> slices;
};

timeline load(const std::string& path) {
    timeline t;
    t.doc = json::parse(test::read_file(path));   // throws when malformed
    std::map<int, std::string> process;
    for (const auto& e : t.doc.at("traceEvents"))
        if (e.at("ph") == "M" && e.at("name") == "process_name")
            process[e.at("pid").get<int>()] = e.at("args").at("name").get<std::string>();
    for (const auto& e : t.doc.at("traceEvents")) {
        const std::pair<int, int> key{e.at("pid").get<int>(), e.value("tid", -1)};
        if (e.at("ph") == "M" && e.at("name") == "thread_name")
            t.tracks[key] = {process.at(key.first), e.at("args").at("kind").get<std::string>(),
                             e.at("args").at("name").get<std::string>()};
        else if (e.at("ph") == "X")
            t.slices[key].push_back(&e);
    }
    return t;
}

// Busy microseconds of a slice (a merged slice says how much of it was busy).
double busy_us(const json& e) {
    const auto& a = e.at("args");
    return a.contains("busy_us") ? a.at("busy_us").get<double>() : e.at("dur").get<double>();
}

// The small run with `extra` options, traced to tmp/t.json; outputs in tmp/out.
void run_traced(const test::temp_dir& tmp, const std::string& extra = "") {
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out") + " --trace-timeline " + (tmp / "t.json") + extra,
                                 tmp / "log"), 0)
        << test::read_file(tmp / "log");
}

void check_well_formed(const std::string& extra) {
    SCOPED_TRACE("options:" + extra);
    test::temp_dir tmp;
    run_traced(tmp, extra);
    if (::testing::Test::HasFatalFailure()) return;
    const auto t = load(tmp / "t.json");
    const auto summary = json::parse(test::read_file(tmp / "out/summary.json"));
    const double end_us = summary.at("timing").at("simulated_time_s").get<double>() * 1e6;
    const double eps = 1e-6;   // one picosecond in microseconds

    ASSERT_GT(t.slices.size(), 100u) << "expected tracks for stages, PEs, ADC groups, buffers, links";
    std::set<std::string> kinds;
    std::size_t n = 0;
    for (const auto& [key, list] : t.slices) {
        ASSERT_TRUE(t.tracks.count(key)) << "slice on a track without a name: pid " << key.first;
        kinds.insert(t.tracks.at(key).kind);
        std::vector<const json*> sorted = list;
        std::sort(sorted.begin(), sorted.end(), [](const json* a, const json* b) {
            return a->at("ts").get<double>() < b->at("ts").get<double>();
        });
        double previous_end = -1;
        for (const json* e : sorted) {
            const double ts = e->at("ts").get<double>(), dur = e->at("dur").get<double>();
            EXPECT_TRUE(e->at("name").is_string());
            EXPECT_TRUE(e->at("args").contains("energy_j"));
            EXPECT_GE(ts, 0.0);
            EXPECT_GE(dur, 0.0);
            EXPECT_LE(ts + dur, end_us + eps) << t.tracks.at(key).path << " ends after the run";
            EXPECT_GE(ts, previous_end - eps) << t.tracks.at(key).path << " has overlapping slices at " << ts;
            previous_end = std::max(previous_end, ts + dur);
            ++n;
        }
    }
    for (const char* k : {"stage", "adc_group", "adder_tree", "buffer_port", "link", "unit", "htree"})
        EXPECT_TRUE(kinds.count(k)) << "no track of kind " << k;
    EXPECT_EQ(t.doc.at("otherData").at("slices").get<std::size_t>(), n);
}

} // namespace

// Pipelined; layer by layer; bounded buffers (backpressure) with bit-serial 4-bit input.
TEST(timeline, well_formed_within_the_run_and_never_overlapping) {
    for (const char* extra : {"", " --mode layer", " --set pipeline.stage_buffer_rows=3 --input-bits 4"})
        check_well_formed(extra);
}

TEST(timeline, busy_time_from_slices_equals_the_bottleneck_report) {
    test::temp_dir tmp;
    ASSERT_NO_FATAL_FAILURE(run_traced(tmp));
    const auto t = load(tmp / "t.json");
    std::map<std::pair<std::string, std::string>, double> busy_s;   // (layer, kind)
    for (const auto& [key, list] : t.slices) {
        const auto& info = t.tracks.at(key);
        for (const json* e : list) busy_s[{info.layer, info.kind}] += busy_us(*e) * 1e-6;
    }
    int compared = 0;
    for (const auto& row : test::read_csv(tmp / "out/bottlenecks.csv")) {
        const bool stage = row.at("section") == "stage";
        if (!stage && row.at("section") != "resource") continue;
        const std::string layer = row.at("name");
        const double reported = std::stod(row.at("busy_s"));
        const double traced = busy_s[{layer, stage ? "stage" : row.at("kind")}];
        EXPECT_NEAR(traced, reported, 0.01 * reported) << layer << " " << row.at("kind");
        if (stage) {
            const double stalls = std::stod(row.at("stall_input_s")) + std::stod(row.at("stall_output_s"));
            const double traced_stalls = busy_s[{layer, "stage_stall"}];
            EXPECT_NEAR(traced_stalls, stalls, 0.01 * stalls + 1e-15) << layer << " stalls";
        }
        ++compared;
    }
    EXPECT_GT(compared, 100);
}

TEST(timeline, filters_keep_the_chosen_layers_modules_and_time_window) {
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out") + " --trace-timeline " + (tmp / "t.json") +
                                     " --trace-layers s1b1_conv,s2b1_conv --trace-modules tile_,stage_"
                                     " --trace-window 2:20 --trace-merge-gap -1",
                                 tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const auto t = load(tmp / "t.json");
    ASSERT_FALSE(t.slices.empty());
    for (const auto& [key, list] : t.slices) {
        const auto& info = t.tracks.at(key);
        EXPECT_TRUE(info.layer == "s1b1_conv" || info.layer == "s2b1_conv") << info.path;
        EXPECT_TRUE(info.path.find("tile_") != std::string::npos ||
                    info.path.find("stage_") != std::string::npos) << info.path;
        for (const json* e : list) {
            const double ts = e->at("ts").get<double>(), dur = e->at("dur").get<double>();
            EXPECT_LE(ts, 20.0 + 1e-6);
            EXPECT_GE(ts + dur, 2.0 - 1e-6);
            EXPECT_FALSE(e->at("args").contains("count")) << "merging was switched off";
        }
    }
    EXPECT_NE(test::run_pimscope(test::small_run(tmp / "out2") + " --trace-timeline " + (tmp / "u.json") +
                                     " --trace-layers no_such_layer",
                                 tmp / "log2"), 0);
    EXPECT_NE(test::read_file(tmp / "log2").find("no layer named 'no_such_layer'"), std::string::npos);
}

TEST(timeline, merging_back_to_back_slices_keeps_busy_time_and_shrinks_the_file) {
    test::temp_dir tmp;
    const std::string base = test::small_run(tmp / "out") + " --trace-timeline ";
    ASSERT_EQ(test::run_pimscope(base + (tmp / "merged.json"), tmp / "log"), 0);
    ASSERT_EQ(test::run_pimscope(base + (tmp / "all.json") + " --trace-merge-gap -1", tmp / "log"), 0);
    ASSERT_EQ(test::run_pimscope(base + (tmp / "gap.json") + " --trace-merge-gap 50", tmp / "log"), 0);
    auto total = [](const timeline& t) {
        double s = 0;
        for (const auto& [key, list] : t.slices)
            for (const json* e : list) s += busy_us(*e);
        return s;
    };
    const auto merged = load(tmp / "merged.json"), all = load(tmp / "all.json"), gap = load(tmp / "gap.json");
    EXPECT_NEAR(total(merged), total(all), 1e-6 * total(all));
    EXPECT_NEAR(total(gap), total(all), 1e-6 * total(all));
    const auto count = [](const timeline& t) { return t.doc.at("otherData").at("slices").get<double>(); };
    EXPECT_LT(count(merged), count(all));
    EXPECT_LT(count(gap), count(merged));
}
