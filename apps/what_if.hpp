#pragma once
// run --what-if: every hint of the bottleneck report is a change an option makes; each is
// simulated in a child `pimscope run` (the SystemC kernel elaborates once per process)
// with this run's own arguments plus --set <setting>, and the hint then carries the
// measured time per image, energy per image and chip area instead of an estimate.
#include "pimscope/platform/simulation.hpp"
#include "pimscope/report/bottleneck.hpp"

#include <string>
#include <vector>

namespace pimscope::app {

// argv: this run's command line (argv[0] included). Runs at most `jobs` children at a
// time in a scratch directory it removes afterwards. A child that fails leaves its hint
// unmeasured with the child's message in measure_error.
void measure_what_ifs(report::bottleneck_report& b, const platform::run_result& r,
                      const std::vector<std::string>& argv, int jobs);

// This run's arguments as a child's: without the options that name outputs (--out,
// --format, traces) or ask for what-ifs, so children write only their own summary.
std::vector<std::string> child_arguments(const std::vector<std::string>& argv);

} // namespace pimscope::app
