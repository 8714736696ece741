#pragma once
// Why the true figures differ from the study's (issue 14, item 3). The run simulates the
// study configuration and, beside it, a chain of steps from it towards the true chip, each
// changing one convention (study_chip, in the same elaboration); the true chip is the
// last link. The difference true − study in latency (per image, image 0 end to end) and in
// energy (per image, dynamic + leakage) is split into named effects:
//   - one per step: the step's figures minus the previous link's (the study's layer table →
//     the network's shapes, 1-bit → real first-layer input planes, serial → overlapped
//     phases);
//   - latency, step → true chip: the slowest layer's own stage time in the true chip
//     against its time in the last step (the tile datapath's timing: line buffers, output
//     units, contention); the critical stage being another layer; the image's passage
//     through every stage (pipeline fill and drain). In layer mode, where both sides add
//     their layers up: the sum of the stages' times against the step's sum, and the
//     hand-overs between stages (layers in turn);
//   - energy, step → true chip: each chip component's dynamic energy in the true chip
//     against the last step's, and the leakage (the whole chip over the run against the
//     study's idle-time rule).
// The effects add up to the whole difference by construction of the chain; what a test
// checks is that the chain's ends are the figures the run reports and that each step
// moves the way its physics says.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/platform/study_chip.hpp"
#include "pimscope/sw/graph.hpp"

#include <string>
#include <vector>

namespace pimscope::platform {

struct study_step {
    std::string name, explanation;
    study_setup setup;
};

// The study configuration for this run and the steps from it towards the true chip.
struct reconciliation_plan {
    study_setup study;
    std::vector<study_step> steps;
    // What simulate() elaborates: the study first, then the steps in order.
    std::vector<study_setup> setups() const;
};

struct effect {
    std::string name, explanation;
    double latency_s = 0;   // contribution to true − study, per image
    double energy_j = 0;
};

struct reconciliation {
    double study_latency_s = 0, true_latency_s = 0;   // study: slowest layer; true: image 0
    double study_energy_j = 0, true_energy_j = 0;     // per image, dynamic + leakage
    std::vector<effect> effects;
};

// study: the run's study configuration (study_setup_for_run); input_planes: the first
// layer's real bit planes.
reconciliation_plan plan_reconciliation(const study_setup& study, const arch_config& arch, const sw::graph& g,
                                        int input_planes);
// From a run simulated with plan.setups(): r.study and r.study_steps.
reconciliation reconcile(const reconciliation_plan& plan, const arch_config& arch, const run_result& r);

} // namespace pimscope::platform
