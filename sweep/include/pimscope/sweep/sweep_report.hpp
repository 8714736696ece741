#pragma once
// DIR/report.html: what a person looks at after a sweep. Per part, for each headline
// metric (study area, latency, energy, TOPS/W; true latency, energy, TOPS/W; hardware
// top-1, agreement), heatmaps and line plots over the part's axes (any number of them:
// two on the charts, the others as panels), then the table of the part's points with each
// run point's bottleneck. Human units; self-contained (inline SVG and CSS, no scripts).
#include "pimscope/sweep/point_store.hpp"

#include <map>
#include <string>

namespace pimscope::sweep {

std::string sweep_report_html(const sweep_spec& s, const std::map<int, point_record>& records);

} // namespace pimscope::sweep
