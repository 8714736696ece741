#include "table_report.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/traces/human_units.hpp"
#include "pimscope/traces/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

namespace pimscope::app {

namespace {

using table = std::vector<std::vector<std::string>>;

table read_table(const std::string& path) {
    std::istringstream in(read_input_file(path, max_text_input_bytes, "cannot read the table"));
    table t;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::stringstream s(line);
        for (std::string cell; std::getline(s, cell, ',');) cells.push_back(cell);
        t.push_back(cells);
    }
    if (t.size() < 2) throw input_error(path, "", "expected a header line and at least one row");
    return t;
}

std::size_t column(const table& t, const std::string& name, const std::string& path, const char* option) {
    const auto& h = t.front();
    const auto it = std::find(h.begin(), h.end(), name);
    if (it == h.end()) throw input_error(path, option, "no column named '" + name + "' in the header");
    return std::size_t(it - h.begin());
}

// Distinct values of a column, numbers ascending (as the sweep report orders its axes),
// anything else in the order of first use.
std::vector<std::string> distinct(const table& t, std::size_t col) {
    std::vector<std::string> v;
    for (std::size_t i = 1; i < t.size(); ++i)
        if (std::find(v.begin(), v.end(), t[i][col]) == v.end()) v.push_back(t[i][col]);
    auto as_number = [](const std::string& s, double& d) {
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        return !s.empty() && end == s.c_str() + s.size();
    };
    double a = 0, b = 0;
    if (std::all_of(v.begin(), v.end(), [&](const std::string& s) { return as_number(s, a); }))
        std::stable_sort(v.begin(), v.end(), [&](const std::string& x, const std::string& y) {
            as_number(x, a);
            as_number(y, b);
            return a < b;
        });
    return v;
}

std::string heatmap_of(const table& t, std::size_t rc, std::size_t cc, std::size_t vc, const std::string& path) {
    for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i].size() <= std::max({rc, cc, vc}))
            throw input_error(path, "line " + std::to_string(i + 1), "too few cells");
    const std::vector<std::string> rows = distinct(t, rc), cols = distinct(t, cc);
    std::vector<std::vector<double>> raw(rows.size(), std::vector<double>(cols.size(), 0));
    std::vector<std::vector<bool>> have(rows.size(), std::vector<bool>(cols.size(), false));
    std::vector<double> all;
    for (std::size_t i = 1; i < t.size(); ++i) {
        const auto r = std::size_t(std::find(rows.begin(), rows.end(), t[i][rc]) - rows.begin());
        const auto c = std::size_t(std::find(cols.begin(), cols.end(), t[i][cc]) - cols.begin());
        double v = 0;
        try {
            v = std::stod(t[i][vc]);
        } catch (const std::exception&) {
            throw input_error(path, "line " + std::to_string(i + 1),
                              "expected a number in column '" + t[0][vc] + "', got '" + t[i][vc] + "'");
        }
        raw[r][c] = v;
        have[r][c] = true;
        all.push_back(v);
    }
    // Human units from the column's name (energy_j: µJ, top1: %), 4 significant digits,
    // and shades from a baseline of 0 (100 % for a fraction): a 0.1 % difference between
    // two cells looks like one, not like the whole range.
    const traces::shown_unit unit = traces::unit_for(t[0][vc], all);
    double top = unit.percent ? 1 : 0;
    for (double v : all) top = std::max(top, std::fabs(v));
    std::vector<std::vector<double>> shade(rows.size(), std::vector<double>(cols.size(), -1));
    std::vector<std::vector<std::string>> text(rows.size(), std::vector<std::string>(cols.size()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (have[r][c]) {
                shade[r][c] = top > 0 ? 0.75 * std::fabs(raw[r][c]) / top : 0;   // text stays legible
                text[r][c] = traces::show(raw[r][c], unit);
            }
    const std::string legend = "colour: baseline 0 (white) to " + traces::show(top, unit) + " (darkest)";
    return traces::heatmap(t[0][vc] + (unit.symbol.empty() ? "" : " (" + unit.symbol + ")") + " — rows: " +
                               t[0][rc] + ", columns: " + t[0][cc],
                           rows, cols, shade, &text, legend);
}

} // namespace

int table_report_command(const table_report_args& a) {
    const table t = read_table(a.table);
    const std::size_t rc = column(t, a.rows, a.table, "--rows"), cc = column(t, a.cols, a.table, "--cols");
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pimscope: "
      << traces::html_escape(a.table) << "</title>\n<style>body{font-family:sans-serif;margin:1.5em}"
      << "svg.chart{display:block;margin:0.5em 0;font-size:11px}svg .title{font-size:13px;font-weight:bold}"
      << "svg .small{font-size:9px}svg .legend{font-size:11px;fill:#555}</style></head><body>\n<h1>" << traces::html_escape(a.table) << "</h1>\n";
    for (const auto& v : a.values) o << heatmap_of(t, rc, cc, column(t, v, a.table, "--value"), a.table);
    o << "</body></html>\n";
    traces::write_file_atomically(a.out, o.str());
    std::cout << "wrote " << a.out << "\n";
    return 0;
}

} // namespace pimscope::app
