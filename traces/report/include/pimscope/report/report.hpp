#pragma once
// What a run leaves behind: summary.json, layers.csv, components.csv, bottlenecks.csv and
// report.html in the output directory, and a short summary on stdout. Files are written under temporary names and renamed when
// complete, so a crashed run never leaves a file that looks finished.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/report/bottleneck.hpp"
#include "pimscope/platform/reconciliation.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/platform/study_figures.hpp"
#include "pimscope/sw/graph.hpp"

#include <functional>
#include <ostream>
#include <string>

namespace pimscope::report {

struct run_description {
    std::string arch_file, net_file, mode;
    int images = 1;
    uint64_t seed = 1;
    std::string dataset;            // the images' dataset (run --dataset); empty: synthetic images
    bool trained_weights = false;   // parameters from the network file, not generated from the seed
};

void print_summary(std::ostream& os, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r);
// study (optional): adds the `study`, `true` and `bottleneck` blocks to summary.json and
// writes components.csv. rec (optional): adds the `reconciliation` block (true − study by
// effect). bottlenecks (optional): writes bottlenecks.csv.
void write_outputs(const std::string& dir, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r, const study_result* study = nullptr,
                   const bottleneck_report* bottlenecks = nullptr, const reconciliation* rec = nullptr);

// summary.json's text (what write_outputs writes, and `run --format json` prints); the
// optional arguments as for write_outputs.
std::string summary_json_text(const run_description& d, const arch_config& arch, const sw::graph& g,
                              const run_result& r, const study_result* study = nullptr,
                              const bottleneck_report* bottlenecks = nullptr,
                              const reconciliation* rec = nullptr);

// The study's headline figures and why the true ones differ (true − study by effect); with
// `full`, every study figure, and the study's bottleneck names.
void print_study(std::ostream& os, const study_result& s, const reconciliation& rec, bool full);

} // namespace pimscope::report
