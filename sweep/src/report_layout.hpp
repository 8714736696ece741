#pragma once
// Which of a part's axes the sweep report's charts put where: rows and columns of the
// heatmaps (the columns are also the plots' x axis, in the same order), and, when those
// two axes do not identify a point, one panel per combination of the other axes (small
// multiples on shared scales). Private to sweep_report.
#include "pimscope/sweep/point_store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::sweep::report {

using settings_list = std::vector<std::pair<std::string, std::string>>;

std::string lookup(const settings_list& v, const std::string& key);
std::optional<double> number(const std::string& v);
std::string esc(const std::string& v);
// An axis value as a label: a path by its file stem, an unset key as "(default)"; label()
// escapes it for HTML.
std::string plain_label(const std::string& v);
std::string label(const std::string& v);

// The distinct values of `key` among `recs`: ascending when all are numbers, else in the
// order the points first use them.
std::vector<std::string> axis_values(const std::vector<const point_record*>& recs, const std::string& key);

struct panel {
    std::string caption;   // "mode = layer, input-size = 32"; "" when the part has one panel
    std::vector<const point_record*> records;
};

struct layout {
    std::string row_key;   // "" : a one-axis part, one row named after the part
    std::string col_key;
    std::vector<std::string> rows, cols;   // shared by every panel
    bool numeric_cols = false;             // the columns are numbers: plots can be drawn
    std::vector<panel> panels;
    std::string note;   // which axis goes where, what the panels are, what was left out

    std::string row_of(const point_record& r) const;
    std::string col_of(const point_record& r) const { return lookup(r.settings, col_key); }
};

// Lays out a part's points (`axes` from part_axes). Rows: the first axis, columns the
// second, swapped when only the first is numeric, so the plots have a numeric x axis. At
// most `max_panels` panels are drawn; the note says how many were left out.
layout lay_out(const std::vector<const point_record*>& recs, const std::vector<std::string>& axes,
               const std::string& part_name, std::size_t max_panels);

} // namespace pimscope::sweep::report
