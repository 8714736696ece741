#pragma once
// Why a run is as slow or hungry as it is: per stage its busy and stall times, per shared
// resource its utilisation, the critical stage and the resource that limits it, the
// components that dominate area, latency and energy, and "what if" hints computed from
// the simulation (the study configuration's phases, the digital units' step count).
#include "pimscope/platform/reconciliation.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/platform/study_figures.hpp"
#include "pimscope/sw/graph.hpp"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace pimscope::report {

// What a run measured (platform/): the reports read it, never change it.
using platform::layer_result;
using platform::reconciliation;
using platform::resource_group;
using platform::run_result;
using platform::study_layer;
using platform::study_result;

struct what_if {
    std::string change;                 // e.g. "2x pipeline.speed_up_degree"
    std::string setting;                // the option that makes it: key=value for --set
    std::string stage;                  // the stage the estimate is for
    double stage_before_s = 0, stage_after_s = 0;        // the changed stage, per image
    double period_before_s = 0, period_after_s = 0;      // the slowest stage, per image
    double area_before_m2 = 0, area_after_m2 = 0;        // 0 when the change costs no area
    std::string basis;                  // how it was computed
    std::string then_limits;            // the stage that limits after the change
    // Measured: the changed chip simulated (run --what-if), per image, before and after.
    bool measured = false;
    std::string measure_error;          // why it could not be measured (the child's message)
    double time_before_s = 0, time_after_s = 0;
    double energy_before_j = 0, energy_after_j = 0;
};

struct bottleneck_report {
    std::string critical_stage;         // slowest stage (busy time per image)
    int critical_node = -1;
    double critical_busy_s = 0;         // per image
    const resource_group* limiting = nullptr;   // its busiest resource (points into run_result)
    double limiting_share = 0;          // busiest instance's busy time / the stage's busy time
    std::string area_component, latency_component, energy_component;
    double area_share = 0, latency_s = 0, energy_share = 0;
    std::vector<what_if> hints;
};

// `arch`: the configuration the run used, for the settings the hints suggest.
bottleneck_report analyse_bottlenecks(const run_result& r, const study_result& study, const arch_config& arch);
void print_bottlenecks(std::ostream& os, const bottleneck_report& b, const run_result& r);
// bottlenecks.csv: one row per stage, per resource group, the critical stage, the
// dominating components and the hints (column `section` says which).
std::string bottlenecks_csv(const bottleneck_report& b, const run_result& r, const sw::graph& g);
// Name of a resource group's layer: the node's name, or "host".
std::string layer_label(const sw::graph& g, int node);

} // namespace pimscope::report
