#pragma once
// report.html: one self-contained page (inline SVG and CSS, no script, no network) with
// the summary, the bottleneck report, per-layer latency and energy, the area and energy
// breakdowns, true against study figures by effect, the pipeline's occupancy over time and a resource-utilisation heatmap.
#include "pimscope/report/bottleneck.hpp"
#include "pimscope/platform/reconciliation.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/platform/study_figures.hpp"

#include <string>

namespace pimscope::report {

struct run_description;

// study, bottlenecks and rec are optional (their sections are left out without them).
std::string html_report(const run_description& d, const arch_config& arch, const sw::graph& g,
                        const run_result& r, const study_result* study, const bottleneck_report* bottlenecks,
                        const reconciliation* rec = nullptr);

} // namespace pimscope::report
