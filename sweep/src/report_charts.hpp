#pragma once
// The sweep report's charts: a heatmap (an HTML table of coloured cells) and a line plot
// (inline SVG) of one metric over one panel of a layout, both drawn against a colour or
// y scale that starts at a stated baseline, so a 0.1 % difference looks like 0.1 %.
// Private to sweep_report.
#include "report_layout.hpp"

#include "pimscope/traces/human_units.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::sweep::report {

// (row value, column value) -> metric value
using cells = std::map<std::pair<std::string, std::string>, double>;

struct colour_scale {
    traces::shown_unit unit;
    double top = 0;       // the magnitude drawn darkest; the baseline (white) is 0
    bool ratio = false;   // model / published: white at 1, darkest at a factor 2 either way

    double shade(double v) const;   // 0 (white) .. 1 (darkest)
    bool below(double v) const;     // drawn in the second hue (negative, or a ratio below 1)
    std::string legend() const;     // one line of HTML saying what the colours mean
};

// From 0 to the largest magnitude of `values` (to 100 % for a fraction), in the metric's unit.
colour_scale value_scale(const std::string& metric, const std::vector<double>& values);
colour_scale ratio_scale();

std::string heat_table(const std::string& caption, const layout& L, const cells& c, const colour_scale& s);

// One line per row value along the numeric columns, y from the baseline 0 to s.top;
// `published` (may be null) dashed in the same colours.
std::string line_plot(const layout& L, const cells& model, const cells* published, const std::string& published_label,
                      const colour_scale& s);

} // namespace pimscope::sweep::report
