#include "pimscope/report/html_report.hpp"

#include "pimscope/report/fidelity.hpp"
#include "pimscope/report/report.hpp"
#include "pimscope/traces/human_units.hpp"
#include "pimscope/traces/svg.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace pimscope::report {

using traces::html_escape;
using traces::si_format;

namespace {

const char* const style = R"(body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1100px}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}
svg.chart{display:block;margin:0.5em 0;font-size:11px}svg .title{font-size:13px;font-weight:bold}
svg .small{font-size:9px}.note{color:#666;font-size:0.9em})";

void row(std::ostringstream& o, const std::string& key, const std::string& value) {
    o << "<tr><th>" << html_escape(key) << "</th><td>" << html_escape(value) << "</td></tr>\n";
}

void summary(std::ostringstream& o, const run_description& d, const arch_config& arch, const sw::graph& g,
             const run_result& r, const study_result* study) {
    const fidelity f = measure_fidelity(r, d.dataset, d.trained_weights);
    o << "<h2>Summary</h2>\n<table>\n";
    row(o, "network", g.name + " (" + d.net_file + ")");
    row(o, "architecture", d.arch_file + ", ADC " + std::to_string(arch.adc_bits) + " b, input " +
                               std::to_string(arch.input_bits) + " b, " + d.mode);
    row(o, "images", std::to_string(r.images.size()) + (d.dataset.empty() ? " synthetic" : " of " + d.dataset) +
                         (d.trained_weights ? ", trained weights" : ", weights generated from the seed"));
    row(o, "chip", std::to_string(r.tiles) + " tiles, " + std::to_string(r.subarrays) + " subarrays holding weights");
    row(o, "chip area", traces::show(r.chip_area_m2, traces::unit_for("chip_area_m2", {r.chip_area_m2})) +
                            " (cell arrays " +
                            traces::show(r.array_area_m2, traces::unit_for("area_m2", {r.array_area_m2})) + ")");
    row(o, "latency (image 0)", si_format(r.first_latency_s, "s") + " end to end");
    row(o, "time per image", si_format(r.period_s, "s") + " steady state; slowest stage '" + r.slowest_stage + "'");
    row(o, "energy per image", si_format(r.energy_per_image_j, "J") + " (dynamic " +
                                   si_format(r.dynamic_energy_per_image_j, "J") + ", leakage " +
                                   si_format(r.leakage_energy_per_image_j, "J") + ")");
    row(o, "TOPS/W", traces::significant(r.tops_per_w()) + " (" + traces::significant(r.ops_per_image * 1e-9) +
                         " G ops per image / energy per image)" +
                         (study ? "; study conventions " + traces::significant(study->tops_per_w) : ""));
    row(o, "throughput", si_format(r.throughput_ips, "images/s"));
    row(o, "accuracy", accuracy_text(f));
    row(o, "golden reference", std::to_string(f.bit_exact) + "/" + std::to_string(f.images) + " outputs bit-exact");
    row(o, "simulated time", si_format(r.simulated_s, "s"));
    o << "</table>\n";
}

void bottleneck_section(std::ostringstream& o, const bottleneck_report& b) {
    if (b.critical_stage.empty()) return;
    o << "<h2>Bottlenecks</h2>\n<ul>\n<li>critical stage <b>" << html_escape(b.critical_stage) << "</b>, busy "
      << html_escape(si_format(b.critical_busy_s, "s")) << " per image</li>\n";
    if (b.limiting)
        o << "<li>limited by " << html_escape(b.limiting->kind) << " <code>" << html_escape(b.limiting->busiest)
          << "</code> (busy " << int(100 * b.limiting_share + 0.5) << " % of the stage's busy time)</li>\n";
    o << "<li>dominating: area " << html_escape(b.area_component) << ", latency "
      << html_escape(b.latency_component) << ", energy " << html_escape(b.energy_component) << "</li>\n";
    for (const auto& h : b.hints) {
        o << "<li>what if " << html_escape(h.change);
        if (!h.setting.empty()) o << " <code>--set " << html_escape(h.setting) << "</code>";
        o << ": ";
        if (h.measured) {
            o << "measured: time per image " << html_escape(si_format(h.time_before_s, "s")) << " &rarr; "
              << html_escape(si_format(h.time_after_s, "s")) << ", energy per image "
              << html_escape(si_format(h.energy_before_j, "J")) << " &rarr; "
              << html_escape(si_format(h.energy_after_j, "J")) << ", chip area "
              << html_escape(si_format(h.area_before_m2 * 1e6, "mm²", false)) << " &rarr; "
              << html_escape(si_format(h.area_after_m2 * 1e6, "mm²", false)) << "</li>\n";
            continue;
        }
        if (h.stage_after_s > 0)
            o << "stage " << html_escape(si_format(h.stage_before_s, "s")) << " &rarr; "
              << html_escape(si_format(h.stage_after_s, "s")) << ", throughput &times;"
              << html_escape(si_format(h.period_before_s / h.period_after_s, "")) << " ('"
              << html_escape(h.then_limits) << "' then limits; an estimate: run --what-if measures it)";
        o << " <span class=\"note\">" << html_escape(h.basis) << "</span></li>\n";
    }
    o << "</ul>\n";
}

std::string utilisation_heatmap(const sw::graph& g, const run_result& r) {
    std::vector<std::string> kinds;
    for (const auto& x : r.resources)
        if (std::find(kinds.begin(), kinds.end(), x.kind) == kinds.end()) kinds.push_back(x.kind);
    std::vector<int> nodes;
    for (const auto& x : r.resources)
        if (std::find(nodes.begin(), nodes.end(), x.node) == nodes.end()) nodes.push_back(x.node);
    std::sort(nodes.begin(), nodes.end());
    std::vector<std::string> labels;
    std::vector<std::vector<double>> values(nodes.size(), std::vector<double>(kinds.size(), -1));
    for (std::size_t i = 0; i < nodes.size(); ++i) labels.push_back(layer_label(g, nodes[i]));
    std::vector<std::vector<std::string>> text(nodes.size(), std::vector<std::string>(kinds.size()));
    double most = 0;
    for (const auto& x : r.resources) {
        const auto ni = std::size_t(std::find(nodes.begin(), nodes.end(), x.node) - nodes.begin());
        const auto ki = std::size_t(std::find(kinds.begin(), kinds.end(), x.kind) - kinds.begin());
        values[ni][ki] = r.simulated_s > 0 ? x.busiest_s / r.simulated_s : 0;
        most = std::max(most, values[ni][ki]);
        char label[16];
        std::snprintf(label, sizeof label, "%.1f%%", 100 * values[ni][ki]);
        text[ni][ki] = label;
    }
    // Shade relative to the busiest cell: a short run leaves every resource mostly idle.
    for (auto& row : values)
        for (auto& v : row)
            if (v >= 0 && most > 0) v = 0.75 * v / most;
    return traces::heatmap("Utilisation of the busiest resource of each kind, per layer (whole run; "
                           "darkest = busiest)",
                           labels, kinds, values, &text);
}

// True against study: the two headline figures and the effects between them.
void reconciliation_section(std::ostringstream& o, const reconciliation& rec) {
    o << "<h2>True figures against the study's conventions</h2>\n<p class=\"note\">The same blocks simulated "
         "in the study's configuration (phases in series, stage time = slowest layer) and in the true chip; "
         "the effects add up to the difference.</p>\n<table>\n<tr><th></th><th>latency per image</th>"
         "<th>energy per image</th><th></th></tr>\n";
    auto line = [&](const std::string& name, double s, double j, const std::string& why) {
        o << "<tr><th>" << html_escape(name) << "</th><td>" << html_escape(si_format(s, "s")) << "</td><td>"
          << html_escape(si_format(j, "J")) << "</td><td class=\"note\">" << html_escape(why) << "</td></tr>\n";
    };
    line("study", rec.study_latency_s, rec.study_energy_j, "");
    for (const auto& e : rec.effects) line(e.name, e.latency_s, e.energy_j, e.explanation);
    line("true", rec.true_latency_s, rec.true_energy_j, "");
    o << "</table>\n";
}

} // namespace

std::string html_report(const run_description& d, const arch_config& arch, const sw::graph& g,
                        const run_result& r, const study_result* study, const bottleneck_report* bottlenecks,
                        const reconciliation* rec) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pimscope: "
      << html_escape(g.name) << "</title>\n<style>" << style << "</style></head><body>\n<h1>pimscope run: "
      << html_escape(g.name) << "</h1>\n";
    summary(o, d, arch, g, r, study);
    if (bottlenecks) bottleneck_section(o, *bottlenecks);
    if (rec) reconciliation_section(o, *rec);

    o << "<h2>Per layer</h2>\n";
    // A network's layers are crossbar layers and digital units (pooling, additions): the
    // colour says which, since the names alone do not.
    const std::vector<std::pair<std::string, std::string>> kinds{{"crossbar", "crossbar layer"},
                                                                 {"digital", "digital unit"}};
    std::vector<traces::bar> busy, energy;
    for (const auto& L : r.layers) {
        busy.push_back({L.name, L.busy_s, L.crossbar ? 0u : 1u});
        energy.push_back({L.name, L.energy_j, L.crossbar ? 0u : 1u});
    }
    o << traces::bar_chart("Stage busy time per image", busy, kinds, "s");
    o << traces::bar_chart("Energy per image (simulated activity)", energy, kinds, "J");
    {
        std::vector<std::pair<std::string, double>> parts(r.dynamic_energy_parts_j.begin(),
                                                          r.dynamic_energy_parts_j.end());
        parts.emplace_back("leakage", r.leakage_energy_per_image_j);
        o << traces::bar_chart("True energy per image by component", parts, "J");
    }

    if (study) {
        o << "<h2>Breakdowns (circuit models, study conventions)</h2>\n";
        o << traces::bar_chart("Chip area by component",
                               {{"cim_array", study->array_m2 * 1e6}, {"interconnect", study->interconnect_m2 * 1e6},
                                {"adc", study->adc_m2 * 1e6}, {"accumulation", study->accumulation_m2 * 1e6},
                                {"buffer+other", study->other_m2 * 1e6}},
                               "mm²", false);
        o << traces::bar_chart("Energy per image by component",
                               {{"buffer", study->buffer_j}, {"interconnect", study->interconnect_j},
                                {"adc", study->adc_j}, {"accumulation", study->accumulation_j},
                                {"other", study->other_j}, {"leakage", study->leakage_j}},
                               "J");
    }

    o << "<h2>Pipeline occupancy</h2>\n<p class=\"note\">Each bar: a stage working on one image, from its "
         "first row's start to its last row's arrival downstream; colours are images.</p>\n";
    std::vector<traces::gantt_row> rows;
    for (const auto& L : r.layers) {
        traces::gantt_row gr{L.name, {}};
        for (std::size_t k = 0; k < L.image_spans.size(); ++k)
            gr.bars.push_back({L.image_spans[k].first, L.image_spans[k].second, int(k),
                               L.name + ", image " + std::to_string(k) + ": " +
                                   si_format(L.image_spans[k].first, "s") + " - " +
                                   si_format(L.image_spans[k].second, "s")});
        rows.push_back(std::move(gr));
    }
    o << traces::gantt_chart("Stages over simulated time", rows, r.simulated_s);

    if (!r.resources.empty()) {
        o << "<h2>Resource utilisation</h2>\n";
        o << utilisation_heatmap(g, r);
    }
    o << "<p class=\"note\">Files beside this page: summary.json, layers.csv, components.csv, "
         "bottlenecks.csv.</p>\n</body></html>\n";
    return o.str();
}

} // namespace pimscope::report
