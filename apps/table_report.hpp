#pragma once
// `pimscope report --table T.csv`: heatmaps of a sweep or accuracy table as one
// self-contained HTML page (rows x columns of two parameters, one map per value column).
#include <string>
#include <vector>

namespace pimscope::app {

struct table_report_args {
    std::string table, rows, cols, out;
    std::vector<std::string> values;
};

int table_report_command(const table_report_args& a);

} // namespace pimscope::app
