// The bottleneck report: bottlenecks.csv agrees with summary.json and layers.csv, its
// utilisations are fractions, the critical stage's limiting resource explains the stage,
// and the what-if hints are consistent with the model they come from.
#include "inspect_fixture.hpp"

#include <nlohmann/json.hpp>

using namespace pimscope;

namespace {

struct report {
    std::vector<std::map<std::string, std::string>> rows;
    nlohmann::json summary;
    std::string printed;
    std::vector<const std::map<std::string, std::string>*> section(const std::string& name) const {
        std::vector<const std::map<std::string, std::string>*> out;
        for (const auto& r : rows)
            if (r.at("section") == name) out.push_back(&r);
        return out;
    }
};

report run(const test::temp_dir& tmp, const std::string& extra) {
    report r;
    EXPECT_EQ(test::run_pimscope(test::small_run(tmp / "out") + extra, tmp / "log"), 0) << test::read_file(tmp / "log");
    r.rows = test::read_csv(tmp / "out/bottlenecks.csv");
    r.summary = nlohmann::json::parse(test::read_file(tmp / "out/summary.json"));
    r.printed = test::read_file(tmp / "log");
    return r;
}

double num(const std::map<std::string, std::string>* row, const char* column) {
    return std::stod(row->at(column));
}

} // namespace

TEST(bottlenecks, csv_agrees_with_the_summary_and_layers) {
    test::temp_dir tmp;
    const auto r = run(tmp, "");
    const auto layers = test::read_csv(tmp / "out/layers.csv");
    const auto stages = r.section("stage");
    ASSERT_EQ(stages.size(), layers.size());
    for (std::size_t i = 0; i < stages.size(); ++i) {
        EXPECT_EQ(stages[i]->at("name"), layers[i].at("name"));
        EXPECT_NEAR(num(stages[i], "busy_s"), 2 * std::stod(layers[i].at("busy_s_per_image")), 1e-15);
        EXPECT_EQ(stages[i]->at("stall_output_s"), layers[i].at("stall_output_s"));
    }
    for (const auto* row : r.section("resource")) {
        EXPECT_GE(num(row, "utilisation"), 0.0);
        EXPECT_LE(num(row, "utilisation"), num(row, "value") + 1e-12) << "mean above busiest: " << row->at("name");
        EXPECT_LE(num(row, "value"), 1.0) << row->at("name") << " " << row->at("kind");
    }
    const auto critical = r.section("critical");
    ASSERT_EQ(critical.size(), 1u);
    EXPECT_EQ(critical[0]->at("name"), r.summary.at("timing").at("slowest_stage").get<std::string>());
    EXPECT_EQ(r.summary.at("bottleneck").at("critical_stage"), critical[0]->at("name"));
    EXPECT_GT(num(critical[0], "value"), 0.0);
    EXPECT_LE(num(critical[0], "value"), 1.0 + 1e-9) << "a resource cannot be busier than its stage";
    EXPECT_EQ(r.section("component").size(), 3u);
    EXPECT_NE(r.printed.find("critical stage    '" + critical[0]->at("name") + "'"), std::string::npos);
    EXPECT_NE(r.printed.find("what if"), std::string::npos);
}

TEST(bottlenecks, what_if_hints_follow_the_models) {
    test::temp_dir tmp;
    // 8-bit bit-serial input: the first crossbar layer becomes the critical stage.
    const auto r = run(tmp, " --input-bits 8 --adc-bits 8");
    const auto critical = r.section("critical");
    ASSERT_EQ(critical.size(), 1u);
    const std::string stage = critical[0]->at("name");
    bool duplication = false;
    for (const auto* h : r.section("what_if")) {
        const double speedup = num(h, "value");
        EXPECT_GE(speedup, 1.0 - 1e-9) << h->at("name") << ": more hardware cannot slow the pipeline";
        if (h->at("name") == "2x weight duplication") {
            duplication = true;
            // A change an option makes (no per-layer knob exists), estimated for the stage.
            EXPECT_NE(h->at("note").find("--set pipeline.speed_up_degree=16"), std::string::npos) << h->at("note");
            EXPECT_NE(r.printed.find("estimate: stage '" + stage + "'"), std::string::npos) << r.printed;
        }
    }
    EXPECT_TRUE(duplication) << "a crossbar critical stage gets the duplication hint";
}

TEST(bottlenecks, what_if_measures_each_change_by_simulating_it) {
    test::temp_dir tmp;
    const auto r = run(tmp, " --what-if");
    const auto hints = r.section("what_if");
    ASSERT_FALSE(hints.empty());
    for (const auto* h : hints) {
        const std::string& note = h->at("note");
        ASSERT_NE(note.find("measured speed-up (--set "), std::string::npos) << note;
        const auto from = note.find("--set ") + 6;
        const std::string setting = note.substr(from, note.find(')', from) - from);
        // The same change run on its own gives the time per image the hint reports.
        const std::string out = tmp / ("alone_" + std::to_string(&h - hints.data()));
        ASSERT_EQ(test::run_pimscope(test::small_run(out) + " --set " + setting, tmp / "alone.log"), 0)
            << test::read_file(tmp / "alone.log");
        const auto alone = nlohmann::json::parse(test::read_file(out + "/summary.json"));
        const double after = alone.at("timing").at("time_per_image_s").get<double>();
        const double before = r.summary.at("timing").at("time_per_image_s").get<double>();
        EXPECT_NEAR(num(h, "value"), before / after, 1e-6 * before / after) << setting;
    }
    EXPECT_NE(r.printed.find("measured: time per image"), std::string::npos) << r.printed;
    EXPECT_EQ(r.printed.find("estimate:"), std::string::npos) << "every hint was measured: " << r.printed;
}

TEST(bottlenecks, a_link_bound_stage_names_its_link_and_gets_a_wider_link_hint) {
    test::temp_dir tmp;
    // Wide buffer ports and unit lanes leave the link into a stage as its limit. (A 32x32
    // image then takes ~1.5 us per stage: a quantum below that keeps two images apart.)
    const auto r = run(tmp, " --set buffer.port_bits=256 --set units.lanes=256 --set pipeline.quantum_s=1e-8");
    const auto critical = r.section("critical");
    ASSERT_EQ(critical.size(), 1u);
    EXPECT_EQ(critical[0]->at("kind"), "link") << "the link into the stage is what limits it";
    EXPECT_NE(r.printed.find("limited by        link chip.interconnect.link_to_"), std::string::npos) << r.printed;
    bool link_hint = false;
    for (const auto* h : r.section("what_if"))
        if (h->at("name").find("2x interconnect link width") == 0) {
            link_hint = true;
            EXPECT_GT(num(h, "value"), 1.0 - 1e-9);
        }
    EXPECT_TRUE(link_hint) << r.printed;
}

TEST(bottlenecks, wider_ports_links_and_lanes_cost_area) {
    // No free lunch: each knob a hint turns has an area (models.md §4.7, the true chip's
    // data movers), so a measured what-if shows its cost.
    test::temp_dir tmp;
    auto area = [&](const std::string& extra, const std::string& name) {
        const std::string out = tmp / name;
        EXPECT_EQ(test::run_pimscope(test::small_run(out) + extra, tmp / "log"), 0) << test::read_file(tmp / "log");
        const auto s = nlohmann::json::parse(test::read_file(out + "/summary.json"));
        EXPECT_GT(s.at("chip").at("datapath_area_m2").get<double>(), 0.0);
        return s.at("chip").at("chip_area_m2").get<double>();
    };
    const double base = area("", "base");
    EXPECT_GT(area(" --set buffer.port_bits=256", "port"), base);
    EXPECT_GT(area(" --set interconnect.link_bits=256", "link"), base);
    EXPECT_GT(area(" --set units.lanes=128", "lanes"), base);
}
