#pragma once
// The table of a part's points in the sweep report: its axes, status, the bottleneck of
// each run point and the headline metrics, in human units (one unit per column, in its
// heading). Private to sweep_report.
#include "pimscope/sweep/point_store.hpp"

#include <string>
#include <vector>

namespace pimscope::sweep::report {

// "s1b4_conv: buffer_port" from a run point's summary.json bottleneck section as
// results.csv carries it (run.bottleneck.*): the critical stage and the kind of resource
// that limits it; "" for points without one (accuracy-only points, failed runs).
std::string bottleneck_of(const point_record& r);

std::string points_table(const std::vector<const point_record*>& recs, const std::vector<std::string>& axes,
                         const std::vector<std::string>& metrics);

} // namespace pimscope::sweep::report
