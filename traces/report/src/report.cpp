#include "pimscope/report/report.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/report/fidelity.hpp"
#include "pimscope/report/html_report.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace pimscope::report {

namespace fs = std::filesystem;

namespace {

std::string fmt(double v, int precision = 3) {
    std::ostringstream s;
    s << std::setprecision(precision) << v;
    return s.str();
}

std::string fixed2(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << v;
    return s.str();
}

std::string si(double v, const char* unit) {
    static const struct { double scale; const char* prefix; } steps[] = {
        {1, ""}, {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"}};
    for (const auto& s : steps)
        if (v >= s.scale || s.scale == 1e-12) return fmt(v / s.scale, 4) + " " + s.prefix + unit;
    return fmt(v) + " " + unit;
}

void write_atomically(const fs::path& path, const std::string& text) {
    traces::write_file_atomically(path.string(), text);
}

} // namespace

void print_summary(std::ostream& os, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r) {
    os << "pimscope run: " << g.name << " on " << d.arch_file << " (" << d.mode << ", ADC "
       << arch.adc_bits << " b, input " << arch.input_bits << " b, " << d.images
       << (d.dataset.empty() ? " synthetic image" : " image") << (d.images > 1 ? "s" : "")
       << (d.dataset.empty() ? "" : " of " + d.dataset) << (d.trained_weights ? ", trained weights" : "")
       << ")\n";
    // The figures an architect quotes first; all of them measured by the chip simulation.
    os << "  true figures (the chip simulation; the seed study's conventions are compared below)\n";
    os << "  chip area         " << fmt(r.chip_area_m2 * 1e6, 4) << " mm2 (" << r.tiles << " tiles, "
       << r.subarrays << " subarrays holding weights; cell arrays " << fmt(r.array_area_m2 * 1e6, 4)
       << " mm2; stage ports, links and units " << fmt(r.datapath_area_m2 * 1e6, 4) << " mm2)\n";
    os << "  latency (image 0) " << si(r.first_latency_s, "s") << " end to end\n";
    os << "  time per image    " << si(r.period_s, "s")
       << (r.layer_mode ? " (layers in turn: each image holds the chip); slowest stage '"
                        : " steady state; slowest stage '")
       << r.slowest_stage << "' " << si(r.slowest_stage_s, "s") << "\n";
    os << "  energy per image  " << si(r.energy_per_image_j, "J") << " (dynamic "
       << si(r.dynamic_energy_per_image_j, "J") << ", leakage " << si(r.leakage_energy_per_image_j, "J")
       << " over the run)\n";
    os << "  TOPS/W            " << fmt(r.tops_per_w(), 4) << " (" << fmt(r.ops_per_image * 1e-9, 5)
       << " G ops per image: 2 per synapse of every output window)\n";
    os << "  throughput        " << fmt(r.throughput_ips, 4) << " images/s over the run\n";
    print_fidelity(os, measure_fidelity(r, d.dataset, d.trained_weights), arch.adc_bits, r.first_divergence);
    // The golden reference's time is its own CPU time; beside the simulation it is not
    // part of the wall time, only the wait for it after sc_start is.
    os << "  host time         " << fmt(r.wall_s, 3) << " s (elaboration " << fmt(r.elaborate_s, 2)
       << " s, simulation " << fmt(r.simulate_s, 2) << " s, golden reference "
       << fmt(r.golden_s, 2) << " s";
    if (r.golden_threads > 0)
        os << " beside the simulation on " << r.golden_threads << " thread"
           << (r.golden_threads > 1 ? "s" : "") << ", waited for " << fixed2(r.golden_wait_s) << " s";
    os << "), preparation before it " << fmt(r.prepare_s, 2) << " s\n";
}

namespace {

std::string signed_si(double v, const char* unit) {
    return (v < 0 ? "-" : "+") + si(std::abs(v), unit);
}

void print_reconciliation(std::ostream& os, const reconciliation& rec) {
    os << "  true - study      latency " << si(rec.true_latency_s, "s") << " - " << si(rec.study_latency_s, "s")
       << " = " << signed_si(rec.true_latency_s - rec.study_latency_s, "s") << ", energy "
       << si(rec.true_energy_j, "J") << " - " << si(rec.study_energy_j, "J") << " = "
       << signed_si(rec.true_energy_j - rec.study_energy_j, "J") << ", by effect:\n";
    auto pad = [](std::string text, std::size_t width) {
        text.resize(std::max(text.size() + 1, width), ' ');
        return text;
    };
    // Differences below a millionth of the figures are rounding, not effects.
    const double tiny_s = 1e-6 * std::max(rec.study_latency_s, rec.true_latency_s);
    const double tiny_j = 1e-6 * std::max(rec.study_energy_j, rec.true_energy_j);
    for (const auto& e : rec.effects)
        os << pad("    " + e.name, 30)
           << pad(std::abs(e.latency_s) > tiny_s ? "latency " + signed_si(e.latency_s, "s") : "", 22)
           << pad(std::abs(e.energy_j) > tiny_j ? "energy " + signed_si(e.energy_j, "J") : "", 22) << e.explanation
           << "\n";
}

} // namespace

void print_study(std::ostream& os, const study_result& s, const reconciliation& rec, bool full) {
    // The study's headline beside the simulated (true) figures printed above, and the
    // effects that make them differ.
    os << "  study convention  latency/image " << si(s.stage_s, "s")
       << (s.layer_mode ? " (sum of the layers, phases in series), " : " (slowest layer, phases in series), ")
       << "energy/image " << si(s.dynamic_j + s.leakage_j, "J") << ", TOPS/W " << fmt(s.tops_per_w, 4)
       << (full ? "" : " (--study: all its figures)") << "\n";
    print_reconciliation(os, rec);
    if (!full) return;
    // The per-layer cost formulas' view (the study's stage-time convention); the simulated
    // critical stage, which can be a digital unit, is printed with the bottleneck report.
    os << "  cost model        slowest crossbar layer '" << s.slowest_layer << "'; latency: "
       << s.latency_bottleneck << ", energy: " << s.energy_bottleneck << ", area: "
       << s.area_bottleneck << "\n";
    os << "  study conventions" << (s.quirks ? " (study quirks: its layer tables, 1-bit inputs)"
                                             : " (corrected windows and input planes)")
       << "\n";
    os << "    chip area       " << fmt(s.area_m2 * 1e6, 4) << " mm2 (array " << fmt(s.array_m2 * 1e6, 3)
       << ", interconnect " << fmt(s.interconnect_m2 * 1e6, 3) << ", ADC " << fmt(s.adc_m2 * 1e6, 4)
       << ", accumulation " << fmt(s.accumulation_m2 * 1e6, 3) << ", other " << fmt(s.other_m2 * 1e6, 4)
       << ")\n";
    os << "    clock period    " << si(s.clock_period_s, "s") << "\n";
    os << "    latency/image   " << si(s.stage_s, "s")
       << (s.layer_mode ? " (sum of the layers; sums: buffer " : " (slowest layer; maxima: buffer ")
       << si(s.buffer_s, "s") << ", interconnect " << si(s.interconnect_s, "s") << ", ADC "
       << si(s.adc_s, "s") << ", accumulation " << si(s.accumulation_s, "s") << ")\n";
    os << "    energy/image    dynamic " << si(s.dynamic_j, "J") << " (buffer " << si(s.buffer_j, "J")
       << ", interconnect " << si(s.interconnect_j, "J") << ", ADC " << si(s.adc_j, "J")
       << ", accumulation " << si(s.accumulation_j, "J") << ", other " << si(s.other_j, "J")
       << "), leakage " << si(s.leakage_j, "J")
       << "\n";
    os << "    ops/image       " << fmt(s.ops * 1e-9, 5) << " G (input-map convention; true: "
       << fmt(s.true_ops * 1e-9, 5) << " G, output windows, stride counted)\n";
    os << "    TOPS/W " << fmt(s.tops_per_w, 4) << ", TOPS " << fmt(s.tops, 4) << ", FPS "
       << fmt(s.fps, 5) << ", TOPS/cm2 " << fmt(s.tops_per_cm2, 4) << "\n";
}

namespace {

nlohmann::json summary_json(const run_description& d, const arch_config& arch, const sw::graph& g,
                            const run_result& r, const study_result* study, const bottleneck_report* bottlenecks,
                            const reconciliation* rec) {
    nlohmann::json j;
    j["network"] = {{"name", g.name}, {"file", d.net_file}, {"layers", g.nodes.size() - 1},
                    {"crossbar_layers", g.crossbar_layers().size()}};
    j["arch"] = {{"file", d.arch_file}, {"adc_bits", arch.adc_bits},
                 {"input_bits", arch.input_bits}, {"mode", arch.pipeline_mode},
                 {"clock_period_s", arch.clock_period_s}};
    j["run"] = {{"images", d.images}, {"seed", d.seed},
                {"dataset", d.dataset.empty() ? nlohmann::json() : nlohmann::json(d.dataset)},
                {"trained_weights", d.trained_weights}};
    j["chip"] = {{"tiles", r.tiles}, {"subarrays_with_weights", r.subarrays},
                 {"cell_array_area_m2", r.array_area_m2}, {"chip_area_m2", r.chip_area_m2},
                 {"datapath_area_m2", r.datapath_area_m2}};
    j["timing"] = {{"first_image_latency_s", r.first_latency_s},
                   {"time_per_image_s", r.period_s},
                   {"throughput_images_per_s", r.throughput_ips},
                   {"slowest_stage", r.slowest_stage},
                   {"slowest_stage_time_s", r.slowest_stage_s},
                   {"simulated_time_s", r.simulated_s}};
    j["ops_per_image"] = r.ops_per_image;
    j["tops_per_w"] = r.tops_per_w();
    j["energy"] = {{"per_image_j", r.energy_per_image_j},
                   {"dynamic_per_image_j", r.dynamic_energy_per_image_j},
                   {"leakage_per_image_j", r.leakage_energy_per_image_j},
                   {"leakage_power_w", r.leakage_w},
                   {"dynamic_parts_j", r.dynamic_energy_parts_j}};
    if (rec) {
        nlohmann::json effects = nlohmann::json::array();
        for (const auto& e : rec->effects)
            effects.push_back({{"name", e.name}, {"explanation", e.explanation}, {"latency_s", e.latency_s},
                               {"energy_j", e.energy_j}});
        j["reconciliation"] = {{"study_latency_s", rec->study_latency_s},
                               {"true_latency_s", rec->true_latency_s},
                               {"study_energy_per_image_j", rec->study_energy_j},
                               {"true_energy_per_image_j", rec->true_energy_j},
                               {"effects", effects}};
    }
    nlohmann::json imgs = nlohmann::json::array();
    for (const auto& i : r.images)
        imgs.push_back({{"start_s", i.start_s}, {"end_s", i.end_s}, {"bit_exact", i.exact},
                        {"agreement", i.agreement}, {"class", i.hw_class},
                        {"golden_class", i.golden_class},
                        {"label", i.label < 0 ? nlohmann::json() : nlohmann::json(i.label)}});
    const fidelity f = measure_fidelity(r, d.dataset, d.trained_weights);
    j["accuracy"] = fidelity_json(f);
    j["golden"] = {{"bit_exact_images", f.bit_exact},
                   {"first_divergent_layer", r.first_divergence},
                   {"mean_agreement", f.mean_agreement},
                   {"same_class_images", f.same_class},
                   {"images", imgs}};
    j["complete"] = true;   // written last: the directory's other files are this run's
    j["host"] = {{"wall_s", r.wall_s}, {"elaborate_s", r.elaborate_s},
                 {"simulate_s", r.simulate_s}, {"golden_reference_s", r.golden_s},
                 {"golden_wait_s", r.golden_wait_s}, {"golden_threads", r.golden_threads},
                 {"prepare_s", r.prepare_s}, {"teardown_s", r.teardown_s}};

    if (study) {
        const auto& s = *study;
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& L : s.layers)
            layers.push_back({{"name", L.name}, {"tiles", L.tiles}, {"duplication", L.duplication},
                              {"windows", L.windows}, {"latency_s", L.latency_s},
                              {"dynamic_energy_j", L.dynamic_j}, {"leakage_w", L.leakage_w},
                              {"leakage_energy_j", L.leakage_j}});
        j["study"] = {
            {"quirks", s.quirks},
            {"chip_area_m2", s.area_m2},
            {"area_m2", {{"cim_array", s.array_m2}, {"interconnect", s.interconnect_m2},
                         {"adc", s.adc_m2}, {"accumulation", s.accumulation_m2}, {"other", s.other_m2}}},
            {"clock_period_s", s.clock_period_s},
            {"latency_per_image_s", s.stage_s},
            {"latency_max_s", {{"buffer", s.buffer_s}, {"interconnect", s.interconnect_s},
                               {"adc", s.adc_s}, {"accumulation", s.accumulation_s}}},
            {"dynamic_energy_j", s.dynamic_j},
            {"leakage_energy_j", s.leakage_j},
            {"dynamic_energy_parts_j", {{"buffer", s.buffer_j}, {"interconnect", s.interconnect_j},
                                        {"adc", s.adc_j}, {"accumulation", s.accumulation_j},
                                        {"other", s.other_j}}},
            {"ops_per_image", s.ops},
            {"tops_per_w", s.tops_per_w}, {"tops", s.tops}, {"fps", s.fps},
            {"tops_per_cm2", s.tops_per_cm2},
            {"layers", layers}};
        j["true"] = {{"latency_s", r.first_latency_s},
                     {"energy_per_image_j", r.energy_per_image_j},
                     {"ops_per_image", s.true_ops},
                     {"leakage_power_w", r.leakage_w}};
        j["bottleneck"] = {{"slowest_layer", s.slowest_layer}, {"latency", s.latency_bottleneck},
                           {"energy", s.energy_bottleneck}, {"area", s.area_bottleneck}};
        if (bottlenecks && !bottlenecks->critical_stage.empty()) {
            j["bottleneck"]["critical_stage"] = bottlenecks->critical_stage;
            if (bottlenecks->limiting) {
                j["bottleneck"]["limiting_resource"] = bottlenecks->limiting->busiest;
                j["bottleneck"]["limiting_kind"] = bottlenecks->limiting->kind;   // the sweep table's column
            }
        }
    }
    return j;
}

} // namespace

std::string summary_json_text(const run_description& d, const arch_config& arch, const sw::graph& g,
                              const run_result& r, const study_result* study,
                              const bottleneck_report* bottlenecks, const reconciliation* rec) {
    return summary_json(d, arch, g, r, study, bottlenecks, rec).dump(2) + "\n";
}

void write_outputs(const std::string& dir, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r, const study_result* study,
                   const bottleneck_report* bottlenecks, const reconciliation* rec) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw input_error(dir, "", "cannot create output directory: " + ec.message());
    // summary.json is written last and marks the directory complete: an earlier run's is
    // removed first, so that a run failing half way (a full disk) cannot leave its new files
    // beside an old summary that looks like theirs.
    fs::remove(fs::path(dir) / "summary.json", ec);
    if (ec) throw input_error((fs::path(dir) / "summary.json").string(), "", "cannot replace: " + ec.message());

    std::ostringstream csv;
    csv << "node,name,op,crossbar,tiles,duplication,windows,subarray_reads,adc_conversions,"
           "busy_s_per_image,stall_input_s,stall_output_s,energy_j_per_image,peak_buffer_rows\n";
    for (const auto& L : r.layers)
        csv << L.node << ',' << L.name << ',' << L.op << ',' << (L.crossbar ? 1 : 0) << ','
            << L.tiles << ',' << L.duplication << ',' << L.windows << ',' << L.subarray_reads
            << ',' << L.adc_conversions << ',' << std::setprecision(9) << L.busy_s << ','
            << L.stall_input_s << ',' << L.stall_output_s << ',' << L.energy_j << ','
            << L.peak_buffer_rows << '\n';

    if (study) write_atomically(fs::path(dir) / "components.csv", platform::components_csv(*study));
    write_atomically(fs::path(dir) / "layers.csv", csv.str());
    if (bottlenecks)
        write_atomically(fs::path(dir) / "bottlenecks.csv", bottlenecks_csv(*bottlenecks, r, g));
    write_atomically(fs::path(dir) / "report.html", html_report(d, arch, g, r, study, bottlenecks, rec));
    write_atomically(fs::path(dir) / "summary.json", summary_json_text(d, arch, g, r, study, bottlenecks, rec));
}

} // namespace pimscope::report
