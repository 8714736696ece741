// pimscope: the command-line program. Thin on purpose: it parses options, loads the
// inputs, and hands over to platform/ (simulation) and sw/ (mapping).
#include "accuracy_command.hpp"
#include "common_options.hpp"
#include "option_suggestions.hpp"
#include "run_command.hpp"
#include "sweep_command.hpp"
#include "table_report.hpp"
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/net_write.hpp"
#include "pimscope/sw/network.hpp"
#include "pimscope/sw/onnx_import.hpp"

#include <CLI/CLI.hpp>
#include <systemc>

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace {

using namespace pimscope;
using app::common_options;

// The kernel prints its banner from main(), before sc_main runs: switch it off during
// static initialisation so stdout carries only results.
const bool banner_off = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0) == 0;

bool is_layer_table(const std::string& path) {
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
}

int import_command(const std::string& model, const std::string& out, const sw::import_options& o) {
    const auto imported = sw::import_onnx_file(model, o);
    std::cout << "imported " << model << ": " << imported.g.crossbar_layers().size()
              << " crossbar layers\n"
              << sw::format_import_summary(imported);
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
    if (is_layer_table(o.net) && o.input_size == 0) {
        // A NeuroSim table maps from its rows as they are, even one from which no graph
        // can be inferred (docs/networks.md, "NeuroSim tables").
        const auto rows = sw::read_neurosim_csv(o.net);
        int widest = 0;
        for (const auto& r : rows) widest = std::max(widest, r.ofm_c);
        const arch_config arch = load_arch(o, widest);
        const auto fp = sw::map_layer_rows(rows, arch, o.net);
        std::cout << sw::format_floorplan(rows, arch, fp, o.net);
        return 0;
    }
    const sw::graph g = sw::load_network_with_params(o.net, 1, o.input_size).g;
    const arch_config arch = load_arch(o, g.widest_crossbar_columns());
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
    app::run_args run_a;
    // The golden reference on a second core beside the simulation, when there is one.
    run_a.threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
    auto* run = app.add_subcommand("run", "Simulate images through the chip (functional + timed)");
    add_common(run, run_opts);
    app::add_run_options(run, run_opts, run_a);

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
    sw::import_options import_opts;
    import->add_option("--weight-bits", import_opts.weight_bits,
                       "Bits of real-valued (multi-bit) conv/fc weights, quantised per output channel")
        ->capture_default_str();
    import->add_option("--residual-bits", import_opts.residual.bits,
                       "Width of the fixed-point word of real-valued maps (residual stream, batch-norm outputs)")
        ->capture_default_str();
    import->add_option("--fraction-bits", import_opts.residual.fraction,
                       "Fraction bits of that word")
        ->capture_default_str();

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
        ->check(app::positive_count(1024))->capture_default_str();
    sweep->add_flag("--resume", sweep_a.resume, "Continue the sweep in --out: finished points are kept");
    sweep->add_flag("--list", sweep_a.list, "Print each point's command lines and run nothing");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);   // --help
        // A bad command line is bad input like any other: one line, exit 2. CLI11 names
        // what it did not expect; a typo deserves the nearest real name.
        std::string what = app::unknown_argument_message(app, argc, argv);
        if (what.empty()) what = e.what();
        const auto chosen = app.get_subcommands();
        std::cerr << "pimscope: error: " << what << " (pimscope "
                  << (chosen.empty() ? std::string() : chosen.front()->get_name() + " ") << "--help lists the options)\n";
        return 2;
    }

    try {
        int rc = 0;
        if (*run) {
            run_a.argv.assign(argv, argv + argc);
            rc = app::run_command(run_opts, run_a);
        }
        else if (*map) rc = map_command(map_opts);
        else if (*params) rc = params_command(params_opts);
        else if (*accuracy) {
            acc.arch_file = acc_opts.arch;
            acc.net_file = acc_opts.net;
            acc.input_size = acc_opts.input_size;
            rc = app::accuracy_command(acc_opts, acc);
        } else if (*import) rc = import_command(onnx_model, import_out, import_opts);
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
