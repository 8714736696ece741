// The sweep's HTML report: per part, each headline metric's heatmaps and line plots over
// the part's axes (report_layout decides where each axis goes), then the points' table.
#include "pimscope/sweep/sweep_report.hpp"

#include "report_charts.hpp"
#include "report_layout.hpp"
#include "report_table.hpp"

#include <algorithm>
#include <iterator>

namespace pimscope::sweep {
namespace {

using namespace report;

// The figures an architect reads first; the rest are in results.csv.
const char* const headline_metrics[] = {
    "run.study.chip_area_m2", "run.study.latency_per_image_s", "run.study.dynamic_energy_j",
    "run.study.tops_per_w",   "run.true.latency_s",            "run.true.energy_per_image_j",
    "run.tops_per_w",         "accuracy.hardware.top1",        "accuracy.golden.top1",
    "accuracy.agreement",
};

// More panels than this make a page nobody reads; the note says what was left out.
constexpr std::size_t max_panels = 12;

const char* const style =
    "body{font-family:sans-serif;margin:2em;color:#222}h2{border-bottom:1px solid #ccc}"
    "h3{font-size:1.05em;margin:.2em 0}h3 .unit,.unit{font-weight:normal;color:#555}"
    "h4{font-size:.9em;margin:.3em 0;font-weight:normal}"
    "table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:right;font-size:13px;white-space:nowrap}"
    "caption{font-size:12px;text-align:left;color:#555}"
    ".view{margin:0 0 1.5em 0}.panels{display:flex;flex-wrap:wrap;gap:.5em 2em;align-items:flex-start}"
    ".panel{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:flex-start}"
    ".multi .panel{flex-direction:column;border-left:2px solid #eee;padding-left:.5em}"
    ".legend{font-size:12px;color:#555;margin:.2em 0}"
    ".ramp{display:inline-block;width:60px;height:10px;border:1px solid #ccc;vertical-align:middle}"
    ".plot text{font-size:11px}.note{color:#555;font-size:13px}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table.points th{white-space:normal;vertical-align:bottom}"
    ".failed{background:#fdd}.none{color:#aaa}";

// One metric over every panel of the layout, on one colour scale and one y scale; with
// published values, their heatmap and the ratio model / published beside the model's.
std::string metric_view(const layout& L, const std::string& metric, const reference_data& ref) {
    struct panel_cells {
        cells model, published, ratio;
    };
    std::vector<panel_cells> pcs(L.panels.size());
    std::vector<double> all;
    for (std::size_t p = 0; p < L.panels.size(); ++p) {
        auto& pc = pcs[p];
        for (const auto* r : L.panels[p].records) {
            const auto key = std::make_pair(L.row_of(*r), L.col_of(*r));
            double pub = 0;
            if (!ref.file.empty() && !pc.published.count(key) && reference_value(ref, r->settings, metric, pub)) {
                pc.published[key] = pub;
                all.push_back(pub);
            }
            const auto v = number(lookup(r->metrics, metric));
            if (!v || pc.model.count(key)) continue;   // a second point in a cell: the first is shown
            pc.model[key] = *v;
            all.push_back(*v);
            if (pc.published.count(key) && pc.published[key] != 0) pc.ratio[key] = *v / pc.published[key];
        }
    }
    const bool any = std::any_of(pcs.begin(), pcs.end(), [](const panel_cells& c) { return !c.model.empty(); });
    if (!any) return "";
    const bool published = std::any_of(pcs.begin(), pcs.end(), [](const panel_cells& c) { return !c.published.empty(); });
    const colour_scale scale = value_scale(metric, all);
    std::string h = "<div class=view><h3>" + esc(metric) +
                    (scale.unit.symbol.empty() ? "" : " <span class=unit>(" + esc(scale.unit.symbol) + ")</span>") +
                    "</h3>" + scale.legend();
    if (published) h += ratio_scale().legend();
    // Several panels stack each one's heatmap above its plot, so that they sit side by side.
    h += L.panels.size() > 1 ? "<div class=\"panels multi\">" : "<div class=panels>";
    for (std::size_t p = 0; p < L.panels.size(); ++p) {
        const auto& pc = pcs[p];
        h += "<div class=panel>";
        if (!L.panels[p].caption.empty()) h += "<h4>" + L.panels[p].caption + "</h4>";
        h += heat_table(published ? "model" : "", L, pc.model, scale);
        if (published) {
            h += heat_table(esc(ref.label), L, pc.published, scale);
            if (!pc.ratio.empty()) h += heat_table("model / " + esc(ref.label), L, pc.ratio, ratio_scale());
        }
        if (L.numeric_cols) h += line_plot(L, pc.model, published ? &pc.published : nullptr, ref.label, scale);
        h += "</div>";
    }
    return h + "</div></div>";
}

} // namespace

std::string sweep_report_html(const sweep_spec& s, const std::map<int, point_record>& records) {
    std::string h = "<!DOCTYPE html><html><head><meta charset=utf-8><title>sweep " + esc(s.name) +
                    "</title><style>" + style + "</style></head><body>";
    std::size_t failed = 0;
    for (const auto& kv : records) failed += kv.second.status != "ok";
    h += "<h1>sweep " + esc(s.name) + "</h1><p>" + esc(s.file) + ": " + std::to_string(records.size()) +
         " points, " + std::to_string(failed) + " failed. Every figure is in results.csv (SI base units).</p>";
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
        // The headline metrics, then any other metric the part has published values for.
        std::vector<std::string> metrics(std::begin(headline_metrics), std::end(headline_metrics));
        for (const auto& m : pa.reference.metrics)
            if (std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end()) metrics.push_back(m.metric);
        const layout L = lay_out(recs, axes, pa.name, max_panels);
        if (!L.panels.empty()) {
            h += "<p class=note>" + L.note + "</p>";
            for (const auto& m : metrics) h += metric_view(L, m, pa.reference);
        }
        h += points_table(recs, axes, metrics);
    }
    return h + "</body></html>\n";
}

} // namespace pimscope::sweep
