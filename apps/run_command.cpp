#include "run_command.hpp"

#include "deployment.hpp"
#include "progress_bar.hpp"
#include "run_inputs.hpp"
#include "what_if.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/platform/reconciliation.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/report/report.hpp"
#include "pimscope/sw/accuracy.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/network.hpp"
#ifdef PIMSCOPE_HAVE_RTL
#include "pimscope/rtl/cosim.hpp"
#endif

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace pimscope::app {

void add_run_options(CLI::App* run, common_options& o, run_args& a) {
    auto* images = run->add_option("--images", a.images, "Number of synthetic images to stream")
                       ->check(positive_count())->capture_default_str();
    auto* dataset = run->add_option("--dataset", a.dataset,
                                    "Stream labelled images instead and report top-1 accuracy beside the cost: "
                                    "fashion-mnist[:test|:train], idx:<images>,<labels> or folder:<dir>[,<labels>]");
    dataset->excludes(images);
    run->add_option("--limit", a.limit, "With --dataset: its first N images (every image is simulated, timed)")
        ->check(positive_count())->capture_default_str()->needs(dataset);
    run->add_option("--seed", a.seed, "Seed for weights and images")->capture_default_str();
    run->add_option("--threads", a.threads,
                    "Threads (1-1024): 1 checks the outputs against the golden reference after the "
                    "simulation; N >= 2 computes the golden reference on N - 1 worker threads beside it "
                    "and makes synthetic images on N threads (the results are the same)")
        ->check(CLI::Range(1, 1024))->capture_default_str();
    run->add_option("--out", a.out, "Directory for summary.json, layers.csv and components.csv");
    run->add_option("--format", a.format,
                    "text: the readable summary on stdout; json: summary.json's content on stdout and "
                    "everything else on stderr")
        ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    run->add_flag("--study", o.study, "Print the seed study's reporting conventions beside the true figures");
    run->add_flag("--study-quirks", o.study_quirks,
                  "Reproduce the study's hardware runs: its layer tables and 1-bit inputs "
                  "(sets study.quirks)");
    add_trace_options(run, a.trace);
    run->add_flag("--what-if", a.what_if,
                  "Simulate each bottleneck hint's change (one child run per hint) and report the measured "
                  "time, energy and area instead of estimates");
    run->add_option("--cosim", o.cosim,
                    "RTL co-simulation: pe.datapath=rtl[:pins][@layer,...] swaps the PE datapath "
                    "(adder tree + shift-add) for its Verilated RTL and checks every column sum "
                    "(shorthand for --set pe.datapath=rtl|rtl_pins --set pe.datapath_layers=...)");
    run->add_option("--trace-rtl", a.trace_rtl,
                    "With an RTL datapath, dump the internal signals of the first PE's RTL (FILE.vcd or FILE.fst), "
                    "stamped with the platform's simulated time");
    run->add_option("--trace-rtl-limit", a.trace_rtl_limit, "Trace the first N datapath transactions only (0: all)")
        ->capture_default_str();
}

namespace {

std::string seconds_text(double s) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(3) << s;
    return o.str();
}

} // namespace

int run_command(const common_options& o, const run_args& a) {
    const auto start = std::chrono::steady_clock::now();
    // Trained weights when the network file has them (YAML naming .npy files, or ONNX),
    // generated from the seed otherwise.
    const sw::network loaded = sw::load_network_with_params(o.net, a.seed, o.input_size);
    const sw::graph& g = loaded.g;
    const arch_config arch = load_arch(o, g.widest_crossbar_columns());
    const sw::floorplan fp = sw::map_network(g, arch);

    // Real images meet the network as `accuracy` deploys it: thresholds folded for the
    // input precision, ADC ranges from data under the study / calibrated policies.
    std::unique_ptr<sw::dataset> ds, cal;
    if (!a.dataset.empty()) ds = sw::open_dataset(a.dataset);
    // Synthetic runs use the loaded parameters themselves: a copy of every weight was
    // 12 MB (bresnete18) to 60 MB (balexnet) of memory and its page faults.
    std::optional<sw::network_params> deployed;
    if (ds) deployed = deployed_params(g, loaded.params, arch);
    const sw::network_params& params = deployed ? *deployed : loaded.params;
    sw::prepared_network net = sw::prepare_network(g, params, arch);
    run_images images = ds ? dataset_images(*ds, g, net.encoding, a.limit)
                           : synthetic_images(g, net.encoding, a.images, a.seed, a.threads);
    if (ds) {
        sw::accuracy_options ranges;
        ranges.threads = a.threads;
        ranges.range = arch.adc_range_policy;
        ranges.clip_percentile = arch.adc_clip_percentile;
        ranges.calibration_images = std::size_t(arch.adc_calibration_images);
        if (arch.adc_range_policy == adc_range::calibrated && calibration_spec(a.dataset) != a.dataset) {
            cal = sw::open_dataset(calibration_spec(a.dataset));
            ranges.calibration = cal.get();
        }
        sw::set_adc_ranges_from_data(net, *ds, images.inputs.size(), ranges);
    }

    // With --format json stdout carries the JSON alone; the readable summary moves to stderr.
    const bool json = a.format == "json";
    std::ostream& text = json ? std::cerr : std::cout;

    const auto recorder = make_recorder(a.trace, g);
    platform::run_hooks hooks;
    hooks.trace = recorder.get();
    std::unique_ptr<progress_bar> progress;
    if (progress_bar::stderr_is_terminal()) {
        progress = std::make_unique<progress_bar>("simulating");
        hooks.progress = [&](uint64_t done, uint64_t total) { progress->update(done, total); };
    }
    hooks.rtl_trace_file = a.trace_rtl;
    hooks.rtl_trace_limit = a.trace_rtl_limit;
    // The study configuration and the steps from it to the true chip, simulated beside it.
    const auto plan = platform::plan_reconciliation(
        platform::study_setup_for_run(arch, g, o.net, net.encoding.planes()), arch, g, net.encoding.planes());
    platform::host_options host;
    host.threads = a.threads;
    host.keep_model = true;   // the process ends after the outputs
    const auto simulate_start = std::chrono::steady_clock::now();
    auto result = platform::simulate(arch, net, fp, images.inputs, nullptr, hooks, plan.setups(), host);
    result.prepare_s = std::chrono::duration<double>(simulate_start - start).count();
    for (std::size_t k = 0; k < images.labels.size() && k < result.images.size(); ++k)
        result.images[k].label = images.labels[k];
    progress.reset();
    if (recorder) {
        try {
            recorder->finish(result.simulated_ticks);
        } catch (const std::runtime_error& e) {   // e.g. the disk filled up
            throw input_error("", "--trace-timeline/--trace-vcd", e.what());
        }
    }
    report::run_description d{o.arch, o.net, arch.pipeline_mode, int(images.inputs.size()), a.seed, a.dataset,
                              loaded.trained};
    report::print_summary(text, d, arch, g, result);
    const auto& study = *result.study;
    const auto rec = platform::reconcile(plan, arch, result);
    report::print_study(text, study, rec, o.study);
    auto bottlenecks = report::analyse_bottlenecks(result, study, arch);
    if (a.what_if) measure_what_ifs(bottlenecks, result, a.argv, a.threads);
    report::print_bottlenecks(text, bottlenecks, result);
    if (recorder) {
        if (!a.trace.timeline.empty())
            text << "  timeline          " << a.trace.timeline << " (" << recorder->timeline_slices() << " slices)\n";
        if (!a.trace.vcd.empty()) text << "  waveforms         " << a.trace.vcd << "\n";
    }
#ifdef PIMSCOPE_HAVE_RTL
    if (result.cosim) rtl::print_cosim(text, *result.cosim, g, rtl::spec_of(arch));
#endif
    if (!a.out.empty()) {
        const auto outputs_start = std::chrono::steady_clock::now();
        report::write_outputs(a.out, d, arch, g, result, &study, &bottlenecks, &rec);
        const double outputs_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - outputs_start).count();
        text << "  wrote             " << a.out << "/summary.json, " << a.out << "/layers.csv, " << a.out
             << "/components.csv, " << a.out << "/bottlenecks.csv, " << a.out << "/report.html in "
             << seconds_text(outputs_s) << " s\n";
    }
    if (json) std::cout << report::summary_json_text(d, arch, g, result, &study, &bottlenecks, &rec);
#ifdef PIMSCOPE_HAVE_RTL
    if (result.cosim && result.cosim->mismatches() > 0) {
        std::cerr << "pimscope: RTL co-simulation: " << result.cosim->mismatches()
                  << " column sums differ from the behavioural model\n";
        return 1;
    }
#endif
    return 0;
}

} // namespace pimscope::app
