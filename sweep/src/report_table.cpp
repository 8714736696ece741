#include "report_table.hpp"

#include "report_layout.hpp"

#include "pimscope/traces/human_units.hpp"

namespace pimscope::sweep::report {

std::string bottleneck_of(const point_record& r) {
    const std::string stage = lookup(r.metrics, "run.bottleneck.critical_stage");
    if (stage.empty()) return lookup(r.metrics, "run.bottleneck.slowest_layer");   // study figures only
    std::string what = lookup(r.metrics, "run.bottleneck.limiting_kind");
    if (what.empty()) what = lookup(r.metrics, "run.bottleneck.limiting_resource");
    return what.empty() ? stage : stage + ": " + what;
}

namespace {

// Dotted keys break after their dots, so that a narrow column wraps them.
std::string breakable(const std::string& key) {
    std::string h;
    for (char c : key) h += c == '.' ? std::string(".<wbr>") : esc(std::string(1, c));
    return h;
}

} // namespace

std::string points_table(const std::vector<const point_record*>& recs, const std::vector<std::string>& axes,
                         const std::vector<std::string>& metrics) {
    // The metrics some point has, each with one unit for its whole column.
    std::vector<std::string> shown;
    std::vector<traces::shown_unit> units;
    for (const auto& m : metrics) {
        std::vector<double> values;
        bool any = false;
        for (const auto* r : recs) {
            const std::string v = lookup(r->metrics, m);
            any = any || !v.empty();
            if (const auto d = number(v)) values.push_back(*d);
        }
        if (!any) continue;
        shown.push_back(m);
        units.push_back(traces::unit_for(m, values));
    }
    bool bottlenecks = false;
    for (const auto* r : recs) bottlenecks = bottlenecks || !bottleneck_of(*r).empty();

    std::string h = "<div class=scroll><table class=points><tr><th>point</th>";
    for (const auto& a : axes) h += "<th>" + breakable(a) + "</th>";
    h += "<th>status</th>";
    if (bottlenecks) h += "<th class=bottleneck>bottleneck<br><span class=unit>critical stage: resource</span></th>";
    for (std::size_t i = 0; i < shown.size(); ++i)
        h += "<th>" + breakable(shown[i]) +
             (units[i].symbol.empty() ? "" : "<br><span class=unit>" + esc(units[i].symbol) + "</span>") + "</th>";
    h += "</tr>";
    for (const auto* r : recs) {
        h += std::string("<tr") + (r->status != "ok" ? " class=failed" : "") + "><td>" + std::to_string(r->index) +
             "</td>";
        for (const auto& a : axes) h += "<td>" + label(lookup(r->settings, a)) + "</td>";
        h += "<td title=\"" + esc(r->error) + "\">" + esc(r->status) + "</td>";
        if (bottlenecks)
            h += "<td class=bottleneck title=\"" + esc(lookup(r->metrics, "run.bottleneck.limiting_resource")) +
                 "\">" + esc(bottleneck_of(*r)) + "</td>";
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const std::string v = lookup(r->metrics, shown[i]);
            const auto d = number(v);
            // The column's unit is in its heading: cells hold the number alone.
            const traces::shown_unit bare{"", units[i].scale};
            h += "<td>" + (d ? esc(traces::show(*d, bare)) : esc(v)) + "</td>";
        }
        h += "</tr>";
    }
    return h + "</table></div>";
}

} // namespace pimscope::sweep::report
