// One point of the study configuration, simulated (one elaboration per process): prints
// the study figures for the calibration tests to read back (study_record.hpp).
//   study_point <net> <adc bits> [--graph PLANES] [--set key=value]...
// <net>: a study network name. Default: its NeuroSim layer table in study mode
// (study.quirks); with --graph, the network's graph with PLANES input planes.
#include "study_record.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/platform/study_chip.hpp"
#include "pimscope/platform/study_chip.hpp"
#include "pimscope/sw/graph.hpp"

#include <iostream>
#include <string>
#include <systemc>
#include <vector>

using namespace pimscope;

int sc_main(int argc, char* argv[]) {
    if (argc < 3) {
        std::cerr << "usage: study_point <net> <adc bits> [--graph PLANES] [--set key=value]...\n";
        return 2;
    }
    const std::string net = argv[1];
    auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", argv[2]);
    int planes = 0;   // 0: study mode
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--graph") planes = std::stoi(argv[i + 1]);
        else if (flag == "--set") tree.set_override(argv[i + 1]);
        else {
            std::cerr << "study_point: unknown option " << flag << "\n";
            return 2;
        }
    }
    if (planes == 0) tree.set("study.quirks", "true");
    const auto arch = load_arch_config(tree);
    const auto g = sw::load_network(PIMSCOPE_SOURCE_DIR "/configs/nets/" + net + ".yaml");
    const auto setup = platform::study_setup_for_run(arch, g, net + ".yaml", planes == 0 ? 1 : planes);
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    platform::study_chip chip("study_chip", arch, setup);
    sc_core::sc_start();
    if (!chip.finished()) {
        std::cerr << "study_point: the study configuration did not finish\n";
        return 1;
    }
    calibration::write_study_record(std::cout, chip.collect());
    return 0;
}
