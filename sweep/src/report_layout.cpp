#include "report_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace pimscope::sweep::report {

std::string lookup(const settings_list& v, const std::string& key) {
    for (const auto& x : v)
        if (x.first == key) return x.second;
    return "";
}

std::optional<double> number(const std::string& v) {
    if (v.empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (end != v.c_str() + v.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

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

std::string plain_label(const std::string& v) {
    if (v.empty()) return "(default)";   // a point that leaves the key at its base value
    const auto slash = v.find_last_of('/');
    if (slash == std::string::npos) return v;
    std::string name = v.substr(slash + 1);
    const auto dot = name.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::string label(const std::string& v) { return esc(plain_label(v)); }

namespace {

bool all_numbers(const std::vector<std::string>& values) {
    return !values.empty() && std::all_of(values.begin(), values.end(), [](const std::string& v) {
        return number(v).has_value();
    });
}

std::string joined(const std::vector<std::string>& keys, const char* sep) {
    std::string s;
    for (const auto& k : keys) s += (s.empty() ? "" : sep) + esc(k);
    return s;
}

} // namespace

std::vector<std::string> axis_values(const std::vector<const point_record*>& recs, const std::string& key) {
    std::vector<std::string> vals;
    for (const auto* r : recs) {
        const std::string v = lookup(r->settings, key);
        if (std::find(vals.begin(), vals.end(), v) == vals.end()) vals.push_back(v);
    }
    // Numbers ascending, so that a heatmap's columns and a plot's x axis run the same way
    // whatever order the sweep file listed them in.
    if (all_numbers(vals))
        std::stable_sort(vals.begin(), vals.end(),
                         [](const std::string& a, const std::string& b) { return *number(a) < *number(b); });
    return vals;
}

std::string layout::row_of(const point_record& r) const {
    return row_key.empty() ? r.part : lookup(r.settings, row_key);
}

layout lay_out(const std::vector<const point_record*>& recs, const std::vector<std::string>& axes,
               const std::string& part_name, std::size_t max_panels) {
    layout L;
    if (axes.empty() || recs.empty()) return L;
    if (axes.size() == 1) {
        L.col_key = axes[0];
    } else {
        L.row_key = axes[0];
        L.col_key = axes[1];
        if (!all_numbers(axis_values(recs, L.col_key)) && all_numbers(axis_values(recs, L.row_key)))
            std::swap(L.row_key, L.col_key);
    }
    L.rows = L.row_key.empty() ? std::vector<std::string>{part_name} : axis_values(recs, L.row_key);
    L.cols = axis_values(recs, L.col_key);
    L.numeric_cols = all_numbers(L.cols);

    std::vector<std::string> others;
    for (const auto& a : axes)
        if (a != L.row_key && a != L.col_key) others.push_back(a);
    L.note = (L.row_key.empty() ? std::string() : "Heatmap rows: " + esc(L.row_key) + "; ") + "columns" +
             (L.numeric_cols ? " and plot x axis: " : ": ") + esc(L.col_key) + ".";

    std::set<std::pair<std::string, std::string>> cells;
    bool unique = true;
    for (const auto* r : recs) unique = cells.insert({L.row_of(*r), L.col_of(*r)}).second && unique;
    if (unique || others.empty()) {
        L.panels.push_back({"", recs});
        if (!others.empty())
            L.note += " The other axes (" + joined(others, ", ") +
                      ") follow from these two for every point: the table below has their values.";
        if (!unique) L.note += " Some cells hold several points with the same settings; each shows the first.";
        return L;
    }

    // One panel per combination of the other axes, in the order of their values.
    std::vector<std::vector<std::string>> other_values;
    for (const auto& a : others) other_values.push_back(axis_values(recs, a));
    std::map<std::vector<std::size_t>, panel> groups;
    for (const auto* r : recs) {
        std::vector<std::size_t> at;
        std::string caption;
        for (std::size_t k = 0; k < others.size(); ++k) {
            const std::string v = lookup(r->settings, others[k]);
            const auto& vals = other_values[k];
            at.push_back(std::size_t(std::find(vals.begin(), vals.end(), v) - vals.begin()));
            caption += (caption.empty() ? "" : ", ") + esc(others[k]) + " = " + label(v);
        }
        auto& g = groups[at];
        g.caption = caption;
        g.records.push_back(r);
    }
    L.note += " One panel per value of " + joined(others, " × ") + " (" + std::to_string(groups.size()) +
              " panels), on shared colour and y scales.";
    for (auto& kv : groups) {
        if (L.panels.size() == max_panels) {
            L.note += " The first " + std::to_string(max_panels) + " are drawn; results.csv and the table below "
                      "have every point.";
            break;
        }
        L.panels.push_back(std::move(kv.second));
    }
    return L;
}

} // namespace pimscope::sweep::report
