// pimscope: the command-line program. Thin on purpose: it parses options, loads the
// inputs, and hands over to platform/ (simulation) and sw/ (mapping).
#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/platform/report.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/weights.hpp"

#include <CLI/CLI.hpp>
#include <systemc>

#include <cstdlib>
#include <iostream>
#include <string>
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
    std::string mode;
    int input_size = 0;
};

void add_common(CLI::App* cmd, common_options& o) {
    cmd->add_option("--arch", o.arch, "Architecture config (YAML)")->capture_default_str();
    cmd->add_option("--net", o.net, "Network (YAML or NeuroSim NetWork.csv)")->capture_default_str();
    cmd->add_option("--set", o.sets, "Override an arch parameter: key=value (repeatable)");
    cmd->add_option("--adc-bits", o.adc_bits, "ADC resolution (overrides adc.bits)");
    cmd->add_option("--input-bits", o.input_bits,
                    "First-layer input precision (overrides input.bits)");
    cmd->add_option("--mode", o.mode, "pipelined | layer (overrides pipeline.mode)");
    cmd->add_option("--input-size", o.input_size,
                    "Run the network on N x N input images instead of its own size")
        ->check(CLI::PositiveNumber);
}

sw::graph load_graph(const common_options& o) {
    sw::graph g = sw::load_network(o.net);
    if (o.input_size > 0) {
        g.input_shape.h = g.input_shape.w = o.input_size;
        g.infer_shapes();
    }
    return g;
}

arch_config load_arch(const common_options& o) {
    auto tree = param_tree::from_yaml_file(o.arch);
    for (const auto& s : o.sets) tree.set_override(s);
    if (o.adc_bits) tree.set("adc.bits", std::to_string(o.adc_bits), true);
    if (o.input_bits) tree.set("input.bits", std::to_string(o.input_bits), true);
    if (!o.mode.empty()) tree.set("pipeline.mode", o.mode, true);
    return load_arch_config(tree);
}

int run_command(const common_options& o, int images, uint64_t seed, const std::string& out) {
    const arch_config arch = load_arch(o);
    const sw::graph g = load_graph(o);
    const sw::floorplan fp = sw::map_network(g, arch);
    const sw::network_params params = sw::generate_params(g, seed);
    const sw::prepared_network net = sw::prepare_network(g, params, arch);

    std::vector<sw::tensor> inputs;
    for (int k = 0; k < images; ++k)
        inputs.push_back(sw::quantize_input(sw::synthetic_image(g.input_shape, seed + uint64_t(k)),
                                            g.input_shape, net.encoding));

    const auto result = platform::simulate(arch, net, fp, inputs);
    platform::run_description d{o.arch, o.net, arch.pipeline_mode, images, seed};
    platform::print_summary(std::cout, d, arch, g, result);
    if (!out.empty()) {
        platform::write_outputs(out, d, arch, g, result);
        std::cout << "  wrote             " << out << "/summary.json, " << out << "/layers.csv\n";
    }
    return 0;
}

bool is_layer_table(const std::string& path) {
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
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
    const sw::graph g = load_graph(o);
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
    std::string out;
    auto* run = app.add_subcommand("run", "Simulate images through the chip (functional + timed)");
    add_common(run, run_opts);
    run->add_option("--images", images, "Number of synthetic images to stream")
        ->check(CLI::PositiveNumber)->capture_default_str();
    run->add_option("--seed", seed, "Seed for weights and images")->capture_default_str();
    run->add_option("--out", out, "Directory for summary.json and layers.csv");

    common_options map_opts;
    auto* map = app.add_subcommand("map", "Print the floorplan: layers on tiles, duplication");
    add_common(map, map_opts);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        if (*run) return run_command(run_opts, images, seed, out);
        if (*map) return map_command(map_opts);
    } catch (const input_error& e) {
        std::cerr << "pimscope: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "pimscope: internal error: " << e.what() << "\n";
        return 3;
    }
    return 0;
}
