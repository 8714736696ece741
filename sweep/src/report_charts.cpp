#include "report_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pimscope::sweep::report {

namespace {

using traces::show;

std::string px(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

// White to deep blue; the second hue (orange) for negative values and ratios below 1.
std::string fill(double t, bool below) {
    char b[32];
    if (below)
        std::snprintf(b, sizeof b, "rgb(%d,%d,%d)", int(255 - 20 * t), int(250 - 130 * t), int(245 - 200 * t));
    else
        std::snprintf(b, sizeof b, "rgb(%d,%d,%d)", int(247 - 180 * t), int(251 - 120 * t), int(255 - 40 * t));
    return b;
}

const char* const line_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                    "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};

// Text cut to fit the plot's legend column (at a character boundary), then escaped.
std::string cut(const std::string& v, std::size_t n = 18) {
    if (v.size() <= n) return esc(v);
    std::size_t end = n - 1;
    while (end > 0 && (static_cast<unsigned char>(v[end]) & 0xC0) == 0x80) --end;
    return esc(v.substr(0, end)) + "…";
}

} // namespace

double colour_scale::shade(double v) const {
    if (ratio) return v > 0 ? std::min(1.0, std::fabs(std::log2(v))) : 1.0;
    return top > 0 ? std::min(1.0, std::fabs(v) / top) : 0.0;
}

bool colour_scale::below(double v) const { return ratio ? v < 1 : v < 0; }

std::string colour_scale::legend() const {
    auto ramp = [](bool below) {
        return "<span class=ramp style=\"background:linear-gradient(to right," + fill(0, below) + "," +
               fill(1, below) + ")\"></span>";
    };
    if (ratio)
        return "<div class=legend>" + ramp(false) +
               " colour: model / published, baseline 1 (white: equal), darkest blue at 2× or more; " + ramp(true) +
               " orange below 1, darkest at ½ or less</div>";
    return "<div class=legend>" + ramp(false) + " colour: baseline 0 (white) to " + show(top, unit) +
           " (darkest), the same for every map of this metric" + (unit.percent ? "" : " (its largest value)") +
           "</div>";
}

colour_scale value_scale(const std::string& metric, const std::vector<double>& values) {
    colour_scale s;
    s.unit = traces::unit_for(metric, values);
    for (double v : values) s.top = std::max(s.top, std::fabs(v));
    if (s.unit.percent) s.top = 1;   // accuracy is read against 100 %
    return s;
}

colour_scale ratio_scale() {
    colour_scale s;
    s.ratio = true;
    s.unit = {"×", 1};
    return s;
}

std::string heat_table(const std::string& caption, const layout& L, const cells& c, const colour_scale& s) {
    std::string h = "<table class=heat>";
    if (!caption.empty()) h += "<caption>" + caption + "</caption>";
    h += "<tr><th>" + (L.row_key.empty() ? std::string() : esc(L.row_key) + " \\ ") + esc(L.col_key) + "</th>";
    for (const auto& col : L.cols) h += "<th>" + label(col) + "</th>";
    h += "</tr>";
    for (const auto& row : L.rows) {
        h += "<tr><th>" + label(row) + "</th>";
        for (const auto& col : L.cols) {
            const auto it = c.find({row, col});
            if (it == c.end()) {
                h += "<td class=none>—</td>";
                continue;
            }
            const double t = s.shade(it->second);
            h += "<td style=\"background:" + fill(t, s.below(it->second)) + (t > 0.6 ? ";color:#fff" : "") + "\">" +
                 show(it->second, s.unit) + "</td>";
        }
        h += "</tr>";
    }
    return h + "</table>";
}

std::string line_plot(const layout& L, const cells& model, const cells* published, const std::string& published_label,
                      const colour_scale& s) {
    std::vector<double> xs;
    for (const auto& c : L.cols) xs.push_back(*number(c));
    const double x0 = xs.front(), x1 = xs.back();   // ascending (axis_values)
    double lo = 0, hi = s.top;   // the baseline 0 is always on the axis
    for (const auto* c : {&model, published})
        if (c)
            for (const auto& kv : *c) lo = std::min(lo, kv.second), hi = std::max(hi, kv.second);
    if (hi <= lo) hi = lo + 1;
    // About 7 px per character at 11 px: x labels get room to stay apart, the legend
    // column room for its cut labels.
    std::size_t longest = 0;
    for (const auto& c : L.cols) longest = std::max(longest, c.size());
    const double left = 56, top = 24, plot_h = 140, bottom = 40, legend_w = 200;
    const double plot_w = std::max(240.0, double(L.cols.size()) * (7.0 * double(longest) + 10));
    const double width = left + plot_w + legend_w, height = top + plot_h + bottom;
    auto X = [&](double x) { return left + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * plot_w; };
    auto Y = [&](double y) { return top + plot_h * (hi - y) / (hi - lo); };

    std::string h = "<svg class=plot width=" + px(width) + " height=" + px(height) + ">";
    h += "<line x1=" + px(left) + " y1=" + px(Y(lo)) + " x2=" + px(left + plot_w) + " y2=" + px(Y(lo)) +
         " stroke=#999 /><line x1=" + px(left) + " y1=" + px(top) + " x2=" + px(left) + " y2=" + px(Y(lo)) +
         " stroke=#999 />";
    if (lo < 0)
        h += "<line x1=" + px(left) + " y1=" + px(Y(0)) + " x2=" + px(left + plot_w) + " y2=" + px(Y(0)) +
             " stroke=#ccc />";
    // y ticks: the baseline, the middle and the top, as numbers in the unit written
    // above the axis.
    for (double v : {lo, (lo + hi) / 2, hi})
        h += "<text x=" + px(left - 4) + " y=" + px(Y(v) + 4) + " text-anchor=end>" +
             esc(traces::significant(v / s.unit.scale, 3)) + "</text>";
    if (!s.unit.symbol.empty())
        h += "<text x=" + px(left) + " y=" + px(top - 8) + " text-anchor=middle>" + esc(s.unit.symbol) + "</text>";
    for (std::size_t i = 0; i < L.cols.size(); ++i)
        h += "<text x=" + px(X(xs[i])) + " y=" + px(top + plot_h + 14) + " text-anchor=middle>" + esc(L.cols[i]) +
             "</text>";
    h += "<text x=" + px(left + plot_w / 2) + " y=" + px(height - 6) + " text-anchor=middle>" + esc(L.col_key) +
         "</text>";

    auto polyline = [&](const cells& c, const std::string& row, const char* colour, bool dashed) {
        std::string pts, dots;
        for (std::size_t i = 0; i < L.cols.size(); ++i) {
            const auto it = c.find({row, L.cols[i]});
            if (it == c.end()) continue;
            pts += px(X(xs[i])) + "," + px(Y(it->second)) + " ";
            dots += std::string("<circle r=2.5 fill=\"") + colour + "\" cx=" + px(X(xs[i])) +
                    " cy=" + px(Y(it->second)) + "><title>" + label(row) + ", " + esc(L.cols[i]) + ": " +
                    esc(show(it->second, s.unit)) + "</title></circle>";
        }
        if (pts.empty()) return std::string();
        return std::string("<polyline fill=none stroke-width=2 stroke=\"") + colour + "\"" +
               (dashed ? " stroke-dasharray=\"5,4\" class=published" : "") + " points=\"" + pts + "\" />" +
               (dashed ? "" : dots);
    };
    // The legend lists the rows top to bottom, in the heatmap's order.
    for (std::size_t r = 0; r < L.rows.size(); ++r) {
        const char* colour = line_colours[r % (sizeof line_colours / sizeof *line_colours)];
        h += polyline(model, L.rows[r], colour, false);
        if (published) h += polyline(*published, L.rows[r], colour, true);
        h += "<text x=" + px(left + plot_w + 12) + " y=" + px(top + 10 + 14.0 * double(r)) + " fill=\"" + colour +
             "\">" + cut(plain_label(L.rows[r])) + "</text>";
    }
    if (published && !published->empty())
        h += "<text x=" + px(left + plot_w + 12) + " y=" + px(top + 10 + 14.0 * double(L.rows.size())) +
             " fill=#555>dashed: " + cut(published_label, 18) + "</text>";
    return h + "</svg>";
}

} // namespace pimscope::sweep::report
