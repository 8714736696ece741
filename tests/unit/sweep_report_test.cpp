// The sweep's report.html from point records: charts for any number of axes, axes in
// the same order on heatmaps and plots, human units, colour scales from a baseline of 0,
// published values beside the model, a table that scrolls and names each bottleneck.
#include "pimscope/sweep/point_store.hpp"
#include "pimscope/sweep/sweep_file.hpp"
#include "pimscope/sweep/sweep_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <regex>

using namespace pimscope;
using namespace pimscope::sweep;

namespace {

const std::string sweeps_dir = PIMSCOPE_SOURCE_DIR "/configs/sweeps";

sweep_spec parse(const std::string& text) { return load_sweep_text(text, "t.yaml", sweeps_dir); }

// One ok record per point, with the metrics `metrics_of` gives it.
std::map<int, point_record> records(const sweep_spec& s,
                                    const std::function<std::vector<std::pair<std::string, std::string>>(
                                        const point&)>& metrics_of) {
    std::map<int, point_record> recs;
    for (const auto& p : s.points) {
        point_record r;
        r.index = p.index;
        r.part = s.parts[std::size_t(p.part)].name;
        for (const auto& st : p.settings) r.settings.emplace_back(st.key, st.value);
        r.status = "ok";
        r.metrics = metrics_of(p);
        recs[p.index] = r;
    }
    return recs;
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The text of every heatmap cell (<td> with a background) on the page.
std::vector<std::string> heat_cells(const std::string& html) {
    std::vector<std::string> out;
    const std::regex cell(R"(<td style="background:[^"]*">([^<]*)</td>)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), cell); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

} // namespace

TEST(sweep_report, heatmap_and_plot_over_the_first_two_axes) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml}
command: run
grid:
  net: [../nets/balexnet.yaml, ../nets/bresnete18.yaml]
  adc-bits: [3, 4]
)");
    auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{
            {"run.study.tops_per_w", std::to_string(10 * (p.index + 1))}};
    });
    recs[3].status = "failed";
    recs[3].error = "pimscope: error: <too big>";
    recs[3].metrics.clear();
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("<h3>run.study.tops_per_w <span class=unit>(TOPS/W)</span></h3>"), std::string::npos);
    EXPECT_NE(h.find("<th>net \\ adc-bits</th><th>3</th><th>4</th>"), std::string::npos);
    EXPECT_NE(h.find("<tr><th>balexnet</th>"), std::string::npos);   // a path by its name
    EXPECT_NE(h.find(">30.00 TOPS/W</td><td class=none>—</td>"), std::string::npos);   // the failed point
    EXPECT_NE(h.find("<polyline"), std::string::npos);                                // numeric adc-bits: a plot
    EXPECT_NE(h.find("title=\"pimscope: error: &lt;too big&gt;\""), std::string::npos);
    EXPECT_EQ(h.find("run.true.latency_s"), std::string::npos);   // no such metric, no view
}

TEST(sweep_report, published_values_beside_the_model) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml}
command: run
grid:
  net: [../nets/balexnet.yaml, ../nets/bresnete18.yaml]
  adc-bits: [3, 4]
reference: reference/seed_paper_hardware.csv
reference_label: published (Huang et al.)
reference_axes: {net: model, adc-bits: adc_bits}
reference_metrics:
  run.study.tops_per_w: tops_per_w
  run.study.fps: fps
)");
    const auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{
            {"run.study.tops_per_w", p.index == 0 ? "40" : "50"}, {"run.study.fps", "100"}};
    });
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("<caption>published (Huang et al.)</caption>"), std::string::npos);
    EXPECT_NE(h.find(">79.99 TOPS/W</td>"), std::string::npos);   // Table VII: balexnet, 3-bit ADC
    EXPECT_NE(h.find("<caption>model / published (Huang et al.)</caption>"), std::string::npos);
    EXPECT_NE(h.find(">0.5001 ×</td>"), std::string::npos);   // 40 / 79.99
    EXPECT_NE(h.find("baseline 1 (white: equal)"), std::string::npos);   // the ratio's colours say so
    EXPECT_NE(h.find("<h3>run.study.fps <span class=unit>(images/s)</span></h3>"), std::string::npos);
    EXPECT_NE(h.find("stroke-dasharray"), std::string::npos);   // the published line, dashed
}

// Three axes: the first two on the charts, one panel per value of the third (the old
// report drew nothing at all), with a note saying so.
TEST(sweep_report, three_axes_give_one_panel_per_value_of_the_third) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}
command: run
grid:
  adc-bits: [3, 4]
  input-bits: [1, 2, 4]
  mode: [pipelined, layer]
)");
    const auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{
            {"run.true.latency_s", std::to_string(1e-5 * (1 + p.index))}};
    });
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("Heatmap rows: adc-bits; columns and plot x axis: input-bits."), std::string::npos) << h;
    EXPECT_NE(h.find("One panel per value of mode (2 panels), on shared colour and y scales."), std::string::npos);
    EXPECT_NE(h.find("<h4>mode = pipelined</h4>"), std::string::npos);
    EXPECT_NE(h.find("<h4>mode = layer</h4>"), std::string::npos);
    EXPECT_EQ(count(h, "<table class=heat>"), 2);
    EXPECT_EQ(count(h, "<svg class=plot"), 2);
    EXPECT_EQ(heat_cells(h).size(), 12u);   // every point in exactly one cell
}

// More panels than a page should hold: the first twelve, and the note says so.
TEST(sweep_report, panels_beyond_twelve_are_left_out_saying_so) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}
command: run
grid:
  adc-bits: [3, 4]
  input-bits: [1, 2]
  seed: [1, 2, 3, 4, 5, 6, 7]
  mode: [pipelined, layer]
)");
    const auto recs = records(s, [](const point&) {
        return std::vector<std::pair<std::string, std::string>>{{"run.tops_per_w", "10"}};
    });
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("One panel per value of seed × mode (14 panels)"), std::string::npos);
    EXPECT_NE(h.find("The first 12 are drawn"), std::string::npos);
    EXPECT_EQ(count(h, "<table class=heat>"), 12);
}

// Columns ascend on the heatmap and along the plot's x axis, whatever the file's order;
// a categorical second axis goes to the rows so that the plot has a numeric x.
TEST(sweep_report, axes_run_the_same_way_on_heatmaps_and_plots) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}
command: run
grid:
  adc-bits: [8, 3, 5]
  mode: [pipelined, layer]
)");
    const auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{{"run.tops_per_w", std::to_string(50 + p.index)}};
    });
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("<th>mode \\ adc-bits</th><th>3</th><th>5</th><th>8</th>"), std::string::npos) << h;
    // The plot's tick labels: left to right in the same order.
    const std::regex tick(R"re(<text x=([0-9.]+) y=[0-9.]+ text-anchor=middle>(3|5|8)</text>)re");
    std::vector<std::pair<double, std::string>> ticks;
    for (auto it = std::sregex_iterator(h.begin(), h.end(), tick); it != std::sregex_iterator(); ++it)
        ticks.emplace_back(std::stod((*it)[1]), (*it)[2]);
    ASSERT_EQ(ticks.size(), 3u);
    EXPECT_EQ(ticks[0].second, "3");
    EXPECT_EQ(ticks[2].second, "8");
    EXPECT_LT(ticks[0].first, ticks[1].first);
    EXPECT_LT(ticks[1].first, ticks[2].first);
    // The plot's legend lists the rows in the heatmap's order.
    EXPECT_LT(h.find("\">pipelined</text>"), h.find("\">layer</text>"));
}

// Two run points of bresnete18 (ADC 3 and 4 bits), for the report's formatting tests.
const char* const two_run_points = R"(
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}
command: run
grid:
  adc-bits: [3, 4]
)";

// Human units with at most four significant digits, no exponents; the colour scale starts
// at 0, so two values 0.1 % apart get (nearly) the same shade instead of the two ends.
TEST(sweep_report, human_units_and_a_colour_scale_from_zero) {
    const auto s = parse(two_run_points);
    const auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{
            {"run.true.latency_s", p.index == 0 ? "1.32541e-05" : "1.32674e-05"},
            {"run.study.chip_area_m2", p.index == 0 ? "4.885123e-05" : "4.707e-05"},
            {"run.true.energy_per_image_j", "5.48e-07"},
            {"accuracy.hardware.top1", p.index == 0 ? "0.8835" : "0.06"}};
    });
    const std::string h = sweep_report_html(s, recs);
    const auto cells = heat_cells(h);
    ASSERT_EQ(cells.size(), 8u);
    for (const auto& c : cells) {
        EXPECT_EQ(c.find('e'), std::string::npos) << c;   // no exponent
        const std::regex value(R"(-?([0-9.]+) (µs|mm²|nJ|%))");
        std::smatch m;
        ASSERT_TRUE(std::regex_match(c, m, value)) << "not a number in a human unit: " << c;
        std::string digits = m[1];
        digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
        digits.erase(0, digits.find_first_not_of('0'));
        EXPECT_LE(digits.size(), 4u) << c;
    }
    EXPECT_NE(h.find(">13.25 µs</td>"), std::string::npos);
    EXPECT_NE(h.find(">48.85 mm²</td>"), std::string::npos);
    EXPECT_NE(h.find(">548.0 nJ</td>"), std::string::npos);
    EXPECT_NE(h.find(">88.35 %</td>"), std::string::npos);
    // The two latencies, 0.1 % apart, share a shade; the legend states the baseline.
    const std::regex latency(R"(<td style="background:([^;"]*)[^"]*">13.2[0-9] µs</td>)");
    std::vector<std::string> shades;
    for (auto it = std::sregex_iterator(h.begin(), h.end(), latency); it != std::sregex_iterator(); ++it)
        shades.push_back((*it)[1]);
    ASSERT_EQ(shades.size(), 2u);
    EXPECT_EQ(shades[0], shades[1]);
    EXPECT_NE(h.find("colour: baseline 0 (white) to 13.27 µs (darkest)"), std::string::npos);
    EXPECT_NE(h.find("colour: baseline 0 (white) to 100.0 % (darkest)"), std::string::npos);
}

// The points' table scrolls instead of overflowing the page, shows human units (the unit
// in the heading) and each run point's bottleneck from its summary.json.
TEST(sweep_report, table_scrolls_with_units_and_a_bottleneck_column) {
    const auto s = parse(two_run_points);
    const auto recs = records(s, [](const point& p) {
        return std::vector<std::pair<std::string, std::string>>{
            {"run.study.latency_per_image_s", p.index == 0 ? "4.303e-05" : "0.0001751"},
            {"run.bottleneck.critical_stage", p.index == 0 ? "s1b4_conv" : "stem"},
            {"run.bottleneck.limiting_kind", "buffer_port"},
            {"run.bottleneck.limiting_resource", "chip.s1b4_conv.input_buffer.port"}};
    });
    const std::string h = sweep_report_html(s, recs);
    EXPECT_NE(h.find("<div class=scroll><table class=points>"), std::string::npos);
    EXPECT_NE(h.find("<th class=bottleneck>bottleneck"), std::string::npos);
    EXPECT_NE(h.find(">s1b4_conv: buffer_port</td>"), std::string::npos);
    EXPECT_NE(h.find(">stem: buffer_port</td>"), std::string::npos);
    EXPECT_NE(h.find("run.<wbr>study.<wbr>latency_per_image_s<br><span class=unit>µs</span>"), std::string::npos);
    EXPECT_NE(h.find("<td>43.03</td>"), std::string::npos);
    EXPECT_NE(h.find("<td>175.1</td>"), std::string::npos);
}
