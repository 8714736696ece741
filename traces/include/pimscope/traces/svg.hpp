#pragma once
// Charts as inline SVG text, for report.html: the page needs no network and no script.
// Plain data in, markup out; the caller escapes nothing (labels are escaped here).
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::traces {

std::string html_escape(const std::string& s);
// "1.234 µs" style numbers (at most 4 significant digits) with an SI prefix; with
// `prefix` false, "0.0123 mm²".
std::string si_format(double v, const std::string& unit, bool prefix = true);

// Horizontal bars, one per label, scaled to the largest value.
// si: label values with an SI prefix (false for units that carry one, e.g. mm2).
std::string bar_chart(const std::string& title, const std::vector<std::pair<std::string, double>>& bars,
                      const std::string& unit, bool si = true);

// Bars of several kinds (e.g. crossbar layers and digital units): each bar is drawn in its
// series' colour and carries the series' class (an HTML class name), and a legend names
// the series. series[i] = {class, legend text}.
struct bar {
    std::string label;
    double value = 0;
    std::size_t series = 0;
};
std::string bar_chart(const std::string& title, const std::vector<bar>& bars,
                      const std::vector<std::pair<std::string, std::string>>& series, const std::string& unit,
                      bool si = true);

struct gantt_bar {
    double start = 0, end = 0;
    int colour = 0;               // index into a small palette (e.g. the image)
    std::string tip;              // tooltip
};
struct gantt_row {
    std::string label;
    std::vector<gantt_bar> bars;
};
// One row per label on a shared time axis [0, t_end] (seconds).
std::string gantt_chart(const std::string& title, const std::vector<gantt_row>& rows, double t_end);

// values[r][c] in [0, 1] (negative: no value), shaded from white to the chart colour.
// text (optional): what each cell says; a percentage of the value without it. legend
// (optional): a line under the title saying what the shades mean. The picture grows with
// its text: cell values, labels and the title are never cut or drawn over each other.
std::string heatmap(const std::string& title, const std::vector<std::string>& row_labels,
                    const std::vector<std::string>& col_labels, const std::vector<std::vector<double>>& values,
                    const std::vector<std::vector<std::string>>* text = nullptr, const std::string& legend = "");

} // namespace pimscope::traces
