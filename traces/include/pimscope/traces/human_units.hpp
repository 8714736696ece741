#pragma once
// Figures as a person reads them in a report: one unit per column or map (mm², µs, µJ,
// TOPS/W, %), chosen from the figure's name and the size of its values, and 3-4
// significant digits without exponents. pimscope keeps SI base units everywhere else
// (summary.json, CSV files); only the pages convert.
#include <string>
#include <vector>

namespace pimscope::traces {

// Shown value = value / scale, followed by symbol ("" for a plain number).
struct shown_unit {
    std::string symbol;
    double scale = 1;
    bool percent = false;   // a fraction shown in % (its colour scale ends at 100 %)
};

// The unit for a figure named `name`: a summary.json / results.csv key, whose last
// component's suffix states its SI unit (chip_area_m2, latency_s, energy_j, leakage_w,
// tops_per_w, top1, agreement, ...), with the prefix that puts the largest magnitude of
// `values` in [1, 1000). A name it does not know is a plain number.
shown_unit unit_for(const std::string& name, const std::vector<double>& values);

// `v` rounded to `digits` significant digits, written without an exponent between 1e-3
// and 1e7 (trailing zeros kept: they say how many digits are significant).
std::string significant(double v, int digits = 4);

// significant(v / u.scale) followed by the symbol: "13.25 µs".
std::string show(double v, const shown_unit& u, int digits = 4);

} // namespace pimscope::traces
