#pragma once
// The chip in the study configuration (the study's conventions, study_figures.hpp): one
// tile group per layer of the study's table (or of the network), each a layer_sequencer
// that runs its windows in groups with serial phases through its own tile buffer, wires,
// arrays and adder trees and the chip's global buffer, bus and accumulator. The layers run
// side by side from the host, as the study evaluates them one at a time; the figures are
// what the blocks' statistics and the simulated time say.
#include "pimscope/accum/adder_trees.hpp"
#include "pimscope/accum/global_accumulator.hpp"
#include "pimscope/buffer/global_buffer.hpp"
#include "pimscope/buffer/tile_buffer.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/interconnect/global_bus.hpp"
#include "pimscope/interconnect/tile_wires.hpp"
#include "pimscope/platform/study_figures.hpp"
#include "pimscope/subarray/array_bank.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/tile/layer_sequencer.hpp"

#include <memory>
#include <string>
#include <systemc>
#include <vector>

namespace pimscope::platform {

// What the study configuration simulates: its layers and their floorplan.
struct study_setup {
    std::vector<study_layer_input> layers;
    sw::floorplan floorplan;
    bool quirks = false;
    // Not a study convention: the phases of successive window groups overlap (a step
    // towards the true chip, for splitting their difference into effects; reconciliation.hpp).
    bool overlapped_phases = false;
};

// What the study configuration simulates for this run: with arch.study_quirks, the study's
// own layer table (configs/nets/study/<net>.neurosim.csv next to the arch's directory, or
// the --net CSV) and 1-bit inputs; otherwise the graph's real window counts and input planes.
study_setup study_setup_for_run(const arch_config& arch, const sw::graph& g, const std::string& net_file,
                                int input_planes);

class study_chip : public sc_core::sc_module {
public:
    study_chip(sc_core::sc_module_name name, const arch_config& arch, const study_setup& setup);

    bool finished() const;
    // From a SystemC thread: returns once every layer has finished.
    void wait_until_finished() const;
    // The study's figures from the blocks' statistics, after sc_start.
    study_result collect() const;

private:
    struct tile_group {
        std::unique_ptr<modules::layer_sequencer> controller;
        std::unique_ptr<modules::tile_buffer> buffer;
        std::unique_ptr<modules::tile_wires> wires;
        std::unique_ptr<modules::array_bank> arrays;
        std::unique_ptr<modules::adder_trees> trees;
    };

    const arch_config& m_arch;
    study_setup m_setup;
    core::stats_registry m_stats;   // its own: the study figures stay apart from the true chip's
    std::unique_ptr<modules::global_buffer> m_global_buffer;
    std::unique_ptr<modules::global_bus> m_global_bus;
    std::unique_ptr<modules::global_accumulator> m_global_accumulator;
    std::vector<tile_group> m_groups;
};

} // namespace pimscope::platform
