#pragma once
// Shared by the calibration tests: reading the reference CSVs (../shared/reference/,
// PIMSCOPE_REFERENCE_DIR) by column name, and simulating one network in the study
// configuration at the study's chip point (configs/arch/rram22_xnor.yaml, its layer tables).
#include "pimscope/platform/study_figures.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pimscope::calibration {

using csv_row = std::map<std::string, std::string>;

// Every row of a reference CSV, keyed by the header's column names.
std::vector<csv_row> read_reference_csv(const std::string& file_name);
double number(const csv_row& row, const std::string& column);
// A cell as text, or "" when the row lacks the column.
std::string text(const csv_row& row, const std::string& column);

// The study's network name for a reference run's model or run name ("bresnete18",
// "resnet_base_adc5" -> "bresnete18").
std::string study_network(const std::string& model_or_run);

// True for a row at the study's chip point: 128x128 subarrays, 8 columns per ADC, 22 nm,
// pipelined, MLSA ADC, RRAM (columns a CSV lacks count as the study's).
bool at_study_point(const csv_row& row);

// One network in study mode (study.quirks, configs/nets/study/<net>.neurosim.csv) at ADC
// `bits`, with optional key=value overrides: the study configuration simulated in its own
// process (the study_point tool), each point once per test process.
platform::study_result run_study_point(const std::string& net, int bits, const std::vector<std::string>& sets = {});
// The same for the network's graph (configs/nets/<net>.yaml: real windows) with `planes`
// input planes on the first layer.
platform::study_result run_graph_point(const std::string& net, int bits, int planes,
                                       const std::vector<std::string>& sets = {});

// A chip figure of the study's tables and how close the model must come.
struct chip_metric {
    const char* column;
    double scale;   // model SI value * scale = the table's unit
    double tol;
    double (*get)(const platform::study_result&);
};
const std::vector<chip_metric>& chip_metrics();
// Prints model/reference of every chip metric of one reference chip row ("run" column) and
// checks each within tolerance(metric) (<= 0: printed, not checked).
void check_chip_row(const csv_row& ref, const platform::study_result& s,
                    const std::function<double(const chip_metric&)>& tolerance);

} // namespace pimscope::calibration
