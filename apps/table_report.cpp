#include "table_report.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/common/input_file.hpp"
#include "pimscope/traces/svg.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace pimscope::app {

namespace {

using table = std::vector<std::vector<std::string>>;

table read_table(const std::string& path) {
    require_input_file(path);
    std::ifstream in(path);
    if (!in) throw input_error(path, "", "cannot read the table");
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

std::string heatmap_of(const table& t, std::size_t rc, std::size_t cc, std::size_t vc, const std::string& path) {
    std::vector<std::string> rows, cols;
    for (std::size_t i = 1; i < t.size(); ++i) {
        if (t[i].size() <= std::max({rc, cc, vc}))
            throw input_error(path, "line " + std::to_string(i + 1), "too few cells");
        if (std::find(rows.begin(), rows.end(), t[i][rc]) == rows.end()) rows.push_back(t[i][rc]);
        if (std::find(cols.begin(), cols.end(), t[i][cc]) == cols.end()) cols.push_back(t[i][cc]);
    }
    std::vector<std::vector<double>> raw(rows.size(), std::vector<double>(cols.size(), 0));
    std::vector<std::vector<bool>> have(rows.size(), std::vector<bool>(cols.size(), false));
    std::vector<std::vector<std::string>> text(rows.size(), std::vector<std::string>(cols.size()));
    double lo = 0, hi = 0;
    bool any = false;
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
        text[r][c] = t[i][vc];
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
    }
    // Shade from the table's smallest to its largest value.
    std::vector<std::vector<double>> shade(rows.size(), std::vector<double>(cols.size(), -1));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (have[r][c]) shade[r][c] = hi > lo ? 0.1 + 0.6 * (raw[r][c] - lo) / (hi - lo) : 0.4;   // text stays legible
    return traces::heatmap(t[0][vc] + " (rows: " + t[0][rc] + ", columns: " + t[0][cc] + ")", rows, cols, shade,
                           &text);
}

} // namespace

int table_report_command(const table_report_args& a) {
    const table t = read_table(a.table);
    const std::size_t rc = column(t, a.rows, a.table, "--rows"), cc = column(t, a.cols, a.table, "--cols");
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pimscope: "
      << traces::html_escape(a.table) << "</title>\n<style>body{font-family:sans-serif;margin:1.5em}"
      << "svg.chart{display:block;margin:0.5em 0;font-size:11px}svg .title{font-size:13px;font-weight:bold}"
      << "svg .small{font-size:9px}</style></head><body>\n<h1>" << traces::html_escape(a.table) << "</h1>\n";
    for (const auto& v : a.values) o << heatmap_of(t, rc, cc, column(t, v, a.table, "--value"), a.table);
    o << "</body></html>\n";
    traces::write_file_atomically(a.out, o.str());
    std::cout << "wrote " << a.out << "\n";
    return 0;
}

} // namespace pimscope::app
