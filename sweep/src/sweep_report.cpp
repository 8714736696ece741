// The sweep's HTML report: heatmaps, line plots and tables from the point records.
#include "pimscope/sweep/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <set>

namespace pimscope::sweep {
namespace {

// The figures an architect reads first; the rest are in results.csv.
const char* const headline_metrics[] = {
    "run.study.chip_area_m2", "run.study.latency_per_image_s", "run.study.dynamic_energy_j",
    "run.study.tops_per_w",   "run.true.latency_s",            "run.true.energy_per_image_j",
    "accuracy.hardware.top1", "accuracy.golden.top1",          "accuracy.agreement",
};

std::string esc(const std::string& v) {
    std::string o;
    for (char c : v) {
        if (c == '<') o += "&lt;";
        else if (c == '>') o += "&gt;";
        else if (c == '&') o += "&amp;";
        else if (c == '"') o += "&quot;";
        else o += c;
    }
    return o;
}

// Axis values as labels: a path by its file name ("bresnete18" for ../nets/bresnete18.yaml).
std::string label(const std::string& v) {
    const auto slash = v.find_last_of('/');
    if (slash == std::string::npos) return esc(v);
    std::string name = v.substr(slash + 1);
    const auto dot = name.find_last_of('.');
    return esc(dot == std::string::npos || dot == 0 ? name : name.substr(0, dot));
}

std::optional<double> number(const std::string& v) {
    if (v.empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end != v.c_str() + v.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

std::string fmt(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", v);
    return b;
}

std::string lookup(const std::vector<std::pair<std::string, std::string>>& v, const std::string& k) {
    for (const auto& x : v)
        if (x.first == k) return x.second;
    return "";
}

// Distinct values of an axis in the order the points first use them.
std::vector<std::string> values_of(const std::vector<const point_record*>& recs, const std::string& key) {
    std::vector<std::string> vals;
    for (const auto* r : recs) {
        const std::string v = lookup(r->settings, key);
        if (std::find(vals.begin(), vals.end(), v) == vals.end()) vals.push_back(v);
    }
    return vals;
}

std::string heat_color(double t) {   // 0: pale, 1: deep blue
    char b[32];
    std::snprintf(b, sizeof b, "rgb(%d,%d,%d)", int(247 - 180 * t), int(251 - 120 * t), int(255 - 40 * t));
    return b;
}

const char* const line_colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};

using cells = std::map<std::pair<std::string, std::string>, double>;

// One heatmap table, colored between lo and hi.
std::string heat_table(const std::string& title, const std::string& row_key, const std::string& col_key,
                       const std::vector<std::string>& rows, const std::vector<std::string>& cols, const cells& cell,
                       double lo, double hi) {
    std::string h = "<h3>" + title + "</h3><table class=heat><tr><th>" + esc(row_key) + " \\ " + esc(col_key) +
                    "</th>";
    for (const auto& c : cols) h += "<th>" + label(c) + "</th>";
    h += "</tr>";
    for (const auto& rv : rows) {
        h += "<tr><th>" + label(rv) + "</th>";
        for (const auto& c : cols) {
            const auto it = cell.find({rv, c});
            if (it == cell.end()) {
                h += "<td class=none>—</td>";
                continue;
            }
            const double t = hi > lo ? std::clamp((it->second - lo) / (hi - lo), 0.0, 1.0) : 0.5;
            h += "<td style=\"background:" + heat_color(t) + (t > 0.6 ? ";color:#fff" : "") + "\">" +
                 fmt(it->second) + "</td>";
        }
        h += "</tr>";
    }
    return h + "</table>";
}

// A heatmap (rows: first axis, columns: second) and, when the second axis is numeric, a
// line per row value along it. With published values for the metric, their heatmap (on
// the same color scale, so equal colors mean equal values) and the model/published ratio
// sit beside it, and the plot draws them dashed. Returns "" when a cell would hold
// several points.
std::string metric_view(const std::vector<const point_record*>& recs, const std::string& row_key,
                        const std::string& col_key, const std::string& metric, const reference_data& ref) {
    const auto rows = values_of(recs, row_key);
    const auto cols = values_of(recs, col_key);
    cells cell, pub, ratio;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto* r : recs) {
        const auto key = std::make_pair(lookup(r->settings, row_key), lookup(r->settings, col_key));
        double p = 0;
        if (!ref.file.empty() && reference_value(ref, r->settings, metric, p)) {
            if (pub.count(key)) return "";
            pub[key] = p;
            lo = std::min(lo, p);
            hi = std::max(hi, p);
        }
        const auto v = number(lookup(r->metrics, metric));
        if (!v) continue;
        if (cell.count(key)) return "";
        cell[key] = *v;
        if (pub.count(key) && pub[key] != 0) ratio[key] = *v / pub[key];
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
    }
    if (cell.empty()) return "";
    std::string h = "<div class=metric>" + heat_table(esc(metric), row_key, col_key, rows, cols, cell, lo, hi) +
                    "</div>";
    if (!pub.empty()) {
        h += "<div class=metric>" +
             heat_table(esc(metric) + " — " + esc(ref.label), row_key, col_key, rows, cols, pub, lo, hi) + "</div>";
        if (!ratio.empty()) {
            double rlo = INFINITY, rhi = -INFINITY;
            for (const auto& kv : ratio) rlo = std::min(rlo, kv.second), rhi = std::max(rhi, kv.second);
            h += "<div class=metric>" +
                 heat_table(esc(metric) + " — model / " + esc(ref.label), row_key, col_key, rows, cols, ratio, rlo,
                            rhi) +
                 "</div>";
        }
    }

    std::vector<double> xs;
    for (const auto& c : cols) {
        const auto x = number(c);
        if (!x) return h;   // a categorical second axis: the heatmap says it all
        xs.push_back(*x);
    }
    const double x0 = *std::min_element(xs.begin(), xs.end()), x1 = *std::max_element(xs.begin(), xs.end());
    const double w = 360, ht = 200, pad = 40;
    auto px = [&](double x) { return pad + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (w - 2 * pad); };
    auto py = [&](double y) { return ht - pad + (hi > lo ? -(y - lo) / (hi - lo) : -0.5) * (ht - 2 * pad); };
    h += "<div class=metric><svg width=" + fmt(w + 150) + " height=" + fmt(ht) + " class=plot>";
    h += "<line x1=" + fmt(pad) + " y1=" + fmt(ht - pad) + " x2=" + fmt(w - pad) + " y2=" + fmt(ht - pad) +
         " stroke=#999 /><line x1=" + fmt(pad) + " y1=" + fmt(pad) + " x2=" + fmt(pad) + " y2=" + fmt(ht - pad) +
         " stroke=#999 />";
    for (std::size_t i = 0; i < cols.size(); ++i)
        h += "<text x=" + fmt(px(xs[i])) + " y=" + fmt(ht - pad + 14) + " text-anchor=middle>" + esc(cols[i]) +
             "</text>";
    h += "<text x=" + fmt(w / 2) + " y=" + fmt(ht - 4) + " text-anchor=middle>" + esc(col_key) + "</text>";
    h += "<text x=2 y=" + fmt(pad - 6) + ">" + fmt(hi) + "</text><text x=2 y=" + fmt(ht - pad) + ">" + fmt(lo) +
         "</text>";
    auto polyline = [&](const cells& c, const std::string& row, const char* color, bool dashed) {
        std::string pts;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto it = c.find({row, cols[i]});
            if (it != c.end()) pts += fmt(px(xs[i])) + "," + fmt(py(it->second)) + " ";
        }
        if (pts.empty()) return std::string();
        return std::string("<polyline fill=none stroke-width=2 stroke=\"") + color + "\"" +
               (dashed ? " stroke-dasharray=\"5,4\" class=published" : "") + " points=\"" + pts + "\" />";
    };
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const char* color = line_colors[r % (sizeof line_colors / sizeof *line_colors)];
        h += polyline(cell, rows[r], color, false) + polyline(pub, rows[r], color, true);
        h += "<text x=" + fmt(w - pad + 10) + " y=" + fmt(pad + 14.0 * double(r)) + " fill=\"" + color + "\">" +
             label(rows[r]) + "</text>";
    }
    if (!pub.empty())
        h += "<text x=" + fmt(w - pad + 10) + " y=" + fmt(pad + 14.0 * double(rows.size())) +
             " fill=#555>dashed: " + esc(ref.label) + "</text>";
    return h + "</svg></div>";
}

} // namespace

std::string sweep_report_html(const sweep_spec& s, const std::map<int, point_record>& records) {
    std::string h = "<!DOCTYPE html><html><head><meta charset=utf-8><title>sweep " + esc(s.name) +
                    "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
                    "margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;font-size:13px}"
                    ".metric{display:inline-block;vertical-align:top;margin:0 2em 1em 0}.plot text{font-size:11px}"
                    ".failed{background:#fdd}.none{color:#aaa}</style></head><body>";
    std::size_t failed = 0;
    for (const auto& kv : records) failed += kv.second.status != "ok";
    h += "<h1>sweep " + esc(s.name) + "</h1><p>" + esc(s.file) + ": " + std::to_string(records.size()) +
         " points, " + std::to_string(failed) + " failed. Every figure is in results.csv.</p>";
    for (std::size_t pi = 0; pi < s.parts.size(); ++pi) {
        const part& pa = s.parts[pi];
        std::vector<const point_record*> recs;
        for (const auto& kv : records)
            if (s.points[std::size_t(kv.first)].part == int(pi)) recs.push_back(&kv.second);
        const auto axes = part_axes(pa);
        h += "<h2>" + esc(pa.name) + "</h2>";
        if (!pa.reference.file.empty())
            h += "<p>Beside each mapped metric: " + esc(pa.reference.label) + " values from " +
                 esc(pa.reference.file) + " and the ratio model / published.</p>";
        if (!axes.empty()) {
            // One axis: a single-row heatmap; the first two axes otherwise.
            const std::string row_key = axes.size() >= 2 ? axes[0] : "part";
            const std::string col_key = axes.size() >= 2 ? axes[1] : axes[0];
            std::vector<point_record> with_part;   // "part" as a pseudo-axis for one-axis parts
            std::vector<const point_record*> view = recs;
            if (axes.size() == 1) {
                for (const auto* r : recs) {
                    with_part.push_back(*r);
                    with_part.back().settings.emplace_back("part", pa.name);
                }
                view.clear();
                for (const auto& r : with_part) view.push_back(&r);
            }
            // The headline metrics, then any other metric the part has published values for.
            std::vector<std::string> metrics(std::begin(headline_metrics), std::end(headline_metrics));
            for (const auto& m : pa.reference.metrics)
                if (std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end()) metrics.push_back(m.metric);
            for (const auto& m : metrics) h += metric_view(view, row_key, col_key, m, pa.reference);
        }
        h += "<table><tr><th>point</th>";
        for (const auto& a : axes) h += "<th>" + esc(a) + "</th>";
        h += "<th>status</th>";
        std::vector<std::string> shown;
        for (const char* m : headline_metrics)
            for (const auto* r : recs)
                if (!lookup(r->metrics, m).empty()) {
                    shown.push_back(m);
                    break;
                }
        for (const auto& m : shown) h += "<th>" + esc(m) + "</th>";
        h += "</tr>";
        for (const auto* r : recs) {
            h += std::string("<tr") + (r->status != "ok" ? " class=failed" : "") + "><td>" +
                 std::to_string(r->index) + "</td>";
            for (const auto& a : axes) h += "<td>" + label(lookup(r->settings, a)) + "</td>";
            h += "<td title=\"" + esc(r->error) + "\">" + esc(r->status) + "</td>";
            for (const auto& m : shown) {
                const std::string v = lookup(r->metrics, m);
                const auto d = number(v);
                h += "<td>" + (d ? fmt(*d) : esc(v)) + "</td>";
            }
            h += "</tr>";
        }
        h += "</table>";
    }
    return h + "</body></html>\n";
}

} // namespace pimscope::sweep
