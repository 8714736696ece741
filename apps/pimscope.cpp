// pimscope: the command-line program. Thin on purpose: it parses options, loads the
// inputs, and hands over to platform/ (simulation) and sw/ (mapping).
#include "accuracy_command.hpp"
#include "progress_bar.hpp"
#include "table_report.hpp"
#include "trace_options.hpp"
#include "sweep_command.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/platform/reconciliation.hpp"
#include "pimscope/report/report.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/net_write.hpp"
#include "pimscope/sw/network.hpp"
#include "pimscope/sw/onnx_import.hpp"
#include "pimscope/sw/weights.hpp"
#ifdef PIMSCOPE_HAVE_RTL
#include "pimscope/rtl/cosim.hpp"
#endif

#include <CLI/CLI.hpp>
#include <systemc>

#include <cstdlib>
#include <memory>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace pimscope;

// The kernel prints its banner from main(), before sc_main runs: switch it off during
// static initialisation so stdout carries only results.
const bool banner_off = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0) == 0;

struct common_options {
    std::string arch = "configs/arch/rram22_xnor.yaml";
    std::string net = "configs/nets/bresnete18.yaml";
    std::vector<std::string> sets;
    int adc_bits = 0, input_bits = 0;
    // Whether --adc-bits / --input-bits / --mode were given (0 is a value to check, not "absent").
    CLI::Option *adc_bits_given = nullptr, *input_bits_given = nullptr, *mode_given = nullptr;
    std::string mode;
    int input_size = 0;
    bool study = false, study_quirks = false;   // run: --study, --study-quirks
    std::string cosim;                          // run: --cosim pe.datapath=rtl[:pins][@layer,...]
};

void add_common(CLI::App* cmd, common_options& o) {
    cmd->add_option("--arch", o.arch, "Architecture config (YAML)")->capture_default_str();
    cmd->add_option("--net", o.net, "Network (YAML or NeuroSim NetWork.csv)")->capture_default_str();
    cmd->add_option("--set", o.sets, "Override an arch parameter: key=value (repeatable)");
    o.adc_bits_given = cmd->add_option("--adc-bits", o.adc_bits, "ADC resolution (overrides adc.bits)");
    o.input_bits_given = cmd->add_option("--input-bits", o.input_bits,
                    "First-layer input precision (overrides input.bits)");
    o.mode_given = cmd->add_option("--mode", o.mode, "pipelined | layer (overrides pipeline.mode)");
    cmd->add_option("--input-size", o.input_size,
                    "Run the network on N x N input images instead of its own size")
        ->check(CLI::PositiveNumber);
}


arch_config load_arch(const common_options& o) {
    auto tree = param_tree::from_yaml_file(o.arch);
    for (const auto& s : o.sets) tree.set_override(s);
    if (o.adc_bits_given->count()) tree.set_from_option("adc.bits", std::to_string(o.adc_bits), "--adc-bits");
    if (o.input_bits_given->count())
        tree.set_from_option("input.bits", std::to_string(o.input_bits), "--input-bits");
    if (o.mode_given->count()) tree.set_from_option("pipeline.mode", o.mode, "--mode");
    if (o.study_quirks) tree.set("study.quirks", "true", true);
    if (!o.cosim.empty()) {
#ifdef PIMSCOPE_HAVE_RTL
        // --cosim is a shorthand for the PE datapath's parameters.
        for (const auto& [key, value] : rtl::cosim_settings(rtl::parse_cosim(o.cosim)))
            tree.set_from_option(key, value, "--cosim");
#else
        throw input_error("", "--cosim", "this pimscope was built without Verilator (no RTL co-simulation)");
#endif
    }
    arch_config a = load_arch_config(tree);
    return a;
}

// RTL trace options of `run` (the RTL datapath itself is the pe.datapath parameter).
struct rtl_trace_cli {
    std::string trace;   // --trace-rtl FILE.vcd|.fst
    uint64_t trace_limit = 100;   // --trace-rtl-limit N transactions (0: all)
};

int run_command(const common_options& o, int images, uint64_t seed, int threads, const std::string& out,
                const rtl_trace_cli& co, const app::trace_cli& tr) {
    const arch_config arch = load_arch(o);
    // Trained weights when the network file has them (YAML naming .npy files, or ONNX),
    // generated from the seed otherwise.
    const sw::network loaded = sw::load_network_with_params(o.net, seed, o.input_size);
    const sw::graph& g = loaded.g;
    const sw::floorplan fp = sw::map_network(g, arch);
    const sw::prepared_network net = sw::prepare_network(g, loaded.params, arch);

    const auto recorder = app::make_recorder(tr, g);
    platform::run_hooks hooks;
    hooks.trace = recorder.get();
    std::unique_ptr<app::progress_bar> progress;
    if (app::progress_bar::stderr_is_terminal()) {
        progress = std::make_unique<app::progress_bar>("simulating");
        hooks.progress = [&](uint64_t done, uint64_t total) { progress->update(done, total); };
    }

    std::vector<sw::tensor> inputs;
    for (int k = 0; k < images; ++k)
        inputs.push_back(sw::quantize_input(sw::synthetic_image(g.input_shape, seed + uint64_t(k)),
                                            g.input_shape, net.encoding));

    hooks.rtl_trace_file = co.trace;
    hooks.rtl_trace_limit = co.trace_limit;
    // The study configuration and the steps from it to the true chip, simulated beside it.
    const auto plan = platform::plan_reconciliation(
        platform::study_setup_for_run(arch, g, o.net, net.encoding.planes()), arch, g, net.encoding.planes());
    platform::host_options host;
    host.threads = threads;
    const auto result = platform::simulate(arch, net, fp, inputs, nullptr, hooks, plan.setups(), host);
    progress.reset();
    if (recorder) {
        try {
            recorder->finish(result.simulated_ticks);
        } catch (const std::runtime_error& e) {   // e.g. the disk filled up
            throw input_error("", "--trace-timeline/--trace-vcd", e.what());
        }
    }
    report::run_description d{o.arch, o.net, arch.pipeline_mode, images, seed};
    report::print_summary(std::cout, d, arch, g, result);
    const auto& study = *result.study;
    const auto rec = platform::reconcile(plan, arch, result);
    report::print_study(std::cout, study, rec, o.study);
    const auto bottlenecks = report::analyse_bottlenecks(result, study);
    report::print_bottlenecks(std::cout, bottlenecks, result);
    if (recorder) {
        if (!tr.timeline.empty())
            std::cout << "  timeline          " << tr.timeline << " (" << recorder->timeline_slices()
                      << " slices)\n";
        if (!tr.vcd.empty()) std::cout << "  waveforms         " << tr.vcd << "\n";
    }
#ifdef PIMSCOPE_HAVE_RTL
    if (result.cosim) rtl::print_cosim(std::cout, *result.cosim, g, rtl::spec_of(arch));
#endif
    if (!out.empty()) {
        report::write_outputs(out, d, arch, g, result, &study, &bottlenecks, &rec);
        std::cout << "  wrote             " << out << "/summary.json, " << out << "/layers.csv, "
                  << out << "/components.csv, " << out << "/bottlenecks.csv, " << out
                  << "/report.html\n";
    }
#ifdef PIMSCOPE_HAVE_RTL
    if (result.cosim && result.cosim->mismatches() > 0) {
        std::cerr << "pimscope: RTL co-simulation: " << result.cosim->mismatches()
                  << " column sums differ from the behavioural model\n";
        return 1;
    }
#endif
    return 0;
}

bool is_layer_table(const std::string& path) {
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
}

int import_command(const std::string& model, const std::string& out) {
    const auto imported = sw::import_onnx_file(model);
    std::cout << "imported " << model << ": " << imported.g.crossbar_layers().size()
              << " crossbar layers\n"
              << sw::format_import_summary(imported.g);
    if (!out.empty())
        std::cout << "wrote " << sw::write_network(imported.g, imported.params, out) << "\n";
    return 0;
}

// Every parameter the blocks declare, with the value this configuration gives it.
int params_command(const common_options& o) {
    auto tree = param_tree::from_yaml_file(o.arch);
    for (const auto& s : o.sets) tree.set_override(s);
    std::cout << "parameters of " << o.arch << " (" << (o.sets.empty() ? "as written" : "with --set")
              << "); every one may be set in the file or with --set key=value\n"
              << core::format_params(declared_params(tree));
    return 0;
}

int map_command(const common_options& o) {
    const arch_config arch = load_arch(o);
    if (is_layer_table(o.net) && o.input_size == 0) {
        // A NeuroSim table maps as it is, even when its rows do not chain into a graph
        // (the ResNet and DenseNet tables list shortcut and transition layers inline).
        const auto rows = sw::read_neurosim_csv(o.net);
        const auto fp = sw::map_layer_rows(rows, arch, o.net);
        std::cout << sw::format_floorplan(rows, arch, fp, o.net);
        return 0;
    }
    const sw::graph g = sw::load_network_with_params(o.net, 1, o.input_size).g;
    const sw::floorplan fp = sw::map_network(g, arch);
    std::cout << sw::format_floorplan(g, arch, fp);
    return 0;
}

} // namespace

int sc_main(int argc, char* argv[]) {
    CLI::App app{"pimscope: a SystemC/TLM model of RRAM processing-in-memory accelerators "
                 "for binary neural networks"};
    app.require_subcommand(1);

    common_options run_opts;
    int images = 1;
    uint64_t seed = 1;
    // The golden reference on a second core beside the simulation, when there is one.
    int run_threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
    std::string out;
    auto* run = app.add_subcommand("run", "Simulate images through the chip (functional + timed)");
    add_common(run, run_opts);
    run->add_option("--images", images, "Number of synthetic images to stream")
        ->check(CLI::PositiveNumber)->capture_default_str();
    run->add_option("--seed", seed, "Seed for weights and images")->capture_default_str();
    run->add_option("--threads", run_threads,
                    "Threads (1-1024): 1 checks the outputs against the golden reference after the "
                    "simulation; N >= 2 computes the golden reference on N - 1 worker threads beside it "
                    "(the results are the same)")
        ->check(CLI::Range(1, 1024))->capture_default_str();
    run->add_option("--out", out, "Directory for summary.json, layers.csv and components.csv");
    run->add_flag("--study", run_opts.study,
                  "Print the seed study's reporting conventions beside the true figures");
    run->add_flag("--study-quirks", run_opts.study_quirks,
                  "Reproduce the study's hardware runs: its layer tables and 1-bit inputs "
                  "(sets study.quirks)");
    app::trace_cli trace;
    app::add_trace_options(run, trace);
    rtl_trace_cli rtl_trace;
    run->add_option("--cosim", run_opts.cosim,
                    "RTL co-simulation: pe.datapath=rtl[:pins][@layer,...] swaps the PE datapath "
                    "(adder tree + shift-add) for its Verilated RTL and checks every column sum "
                    "(shorthand for --set pe.datapath=rtl|rtl_pins --set pe.datapath_layers=...)");
    run->add_option("--trace-rtl", rtl_trace.trace,
                    "With an RTL datapath, dump the internal signals of the first PE's RTL (FILE.vcd or FILE.fst), "
                    "stamped with the platform's simulated time");
    run->add_option("--trace-rtl-limit", rtl_trace.trace_limit,
                    "Trace the first N datapath transactions only (0: all)")->capture_default_str();

    common_options acc_opts;
    app::accuracy_args acc;
    auto* accuracy = app.add_subcommand(
        "accuracy", "Top-1/top-5 of the ideal network and of the hardware over a labelled dataset");
    add_common(accuracy, acc_opts);
    accuracy->add_option("--dataset", acc.dataset,
                         "fashion-mnist[:test|:train], idx:<images>,<labels> or folder:<dir>[,<labels>]")
        ->capture_default_str();
    accuracy->add_option("--limit", acc.limit, "Evaluate the first K images only (0 = all)");
    accuracy->add_option("--threads", acc.threads, "Worker threads (1-1024)")->check(CLI::Range(1, 1024))->capture_default_str();
    accuracy->add_option("--seed", acc.seed, "Seed for generated weights (nets without weight files)");
    accuracy->add_option("--out", acc.out, "Directory for accuracy.json");
    accuracy->add_option("--shard", acc.shard,
                         "K/N: evaluate only the K-th of N contiguous slices of the images, for splitting "
                         "one evaluation across processes (not with adc.range=study)");

    common_options map_opts;
    auto* map = app.add_subcommand("map", "Print the floorplan: layers on tiles, duplication");
    add_common(map, map_opts);

    common_options params_opts;
    auto* params = app.add_subcommand(
        "params", "List every parameter the blocks declare: key, value, unit, description");
    params->add_option("--arch", params_opts.arch, "Architecture config (YAML)")->capture_default_str();
    params->add_option("--set", params_opts.sets, "Override a parameter: key=value (repeatable)");

    std::string onnx_model, import_out;
    auto* import = app.add_subcommand(
        "import", "Import a trained binary network from ONNX into the project's YAML + .npy form");
    import->add_option("model", onnx_model, "The .onnx file")->required()->check(CLI::ExistingFile);
    import->add_option("--out", import_out, "Directory for <name>.yaml and its .npy files");

    app::table_report_args table_args;
    auto* report = app.add_subcommand(
        "report", "Heatmaps of a sweep or accuracy table (CSV) as a self-contained HTML page");
    report->add_option("--table", table_args.table, "The CSV table (header line, one point per line)")
        ->required()->check(CLI::ExistingFile);
    report->add_option("--rows", table_args.rows, "Column whose values label the heatmap rows")->required();
    report->add_option("--cols", table_args.cols, "Column whose values label the heatmap columns")->required();
    report->add_option("--value", table_args.values, "Column to shade (repeatable: one heatmap each)")->required();
    report->add_option("--out", table_args.out, "The HTML file to write")->required();
    app::sweep_args sweep_a;
    auto* sweep = app.add_subcommand(
        "sweep", "Run a sweep file's design points (run and/or accuracy) into one results.csv; "
                 "under mpirun, across the ranks");
    sweep->add_option("file", sweep_a.file, "The sweep file (configs/sweeps/*.yaml)")->required();
    sweep->add_option("--out", sweep_a.out, "Directory for results.csv and points/<index>/")->required();
    sweep->add_option("--jobs", sweep_a.jobs, "Points run at a time (child processes per rank)")
        ->check(CLI::PositiveNumber)->capture_default_str();
    sweep->add_flag("--resume", sweep_a.resume, "Continue the sweep in --out: finished points are kept");
    sweep->add_flag("--list", sweep_a.list, "Print each point's command lines and run nothing");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        int rc = 0;
        if (*run) rc = run_command(run_opts, images, seed, run_threads, out, rtl_trace, trace);
        else if (*map) rc = map_command(map_opts);
        else if (*params) rc = params_command(params_opts);
        else if (*accuracy) {
            acc.arch_file = acc_opts.arch;
            acc.net_file = acc_opts.net;
            acc.input_size = acc_opts.input_size;
            rc = app::accuracy_command(load_arch(acc_opts), acc);
        } else if (*import) rc = import_command(onnx_model, import_out);
        else if (*report) rc = app::table_report_command(table_args);
        else if (*sweep) rc = app::sweep_command(sweep_a);
        // What was printed is the result for a script reading it: a full disk or a closed
        // pipe must not pass for success.
        std::cout.flush();
        if (!std::cout) throw input_error("<stdout>", "", "cannot write the results to standard output");
        return rc;
    } catch (const input_error& e) {
        std::cerr << "pimscope: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "pimscope: internal error: " << e.what() << "\n";
        return 3;
    }
    return 0;
}
