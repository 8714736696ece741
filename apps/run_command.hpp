#pragma once
// `pimscope run`: images through the SystemC chip (functional + timed), the summary on
// stdout (text, or summary.json's content with --format json) and the output directory.
#include "common_options.hpp"
#include "trace_options.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pimscope::app {

struct run_args {
    int images = 1;                // synthetic images (without --dataset)
    std::string dataset;           // labelled images instead (sw::open_dataset's specs)
    std::size_t limit = 100;       // --dataset: its first N images
    uint64_t seed = 1;
    int threads = 1;
    std::string out;
    std::string format = "text";   // text | json
    std::string trace_rtl;         // --trace-rtl FILE.vcd|.fst
    uint64_t trace_rtl_limit = 100;
    trace_cli trace;
    bool what_if = false;          // simulate each bottleneck hint's change (children)
    std::vector<std::string> argv; // the command line, for those children
};

// Declares run's own options (add_common declares the shared ones).
void add_run_options(CLI::App* run, common_options& o, run_args& a);

int run_command(const common_options& o, const run_args& a);

} // namespace pimscope::app
