#pragma once
// The `run` options that inspect a run as it happens: the transaction timeline
// (--trace-timeline), the waveforms (--trace-vcd) and their filters.
#include "pimscope/sw/graph.hpp"
#include "pimscope/traces/recorder.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace pimscope::app {

struct trace_cli {
    std::string timeline, vcd;
    std::string layers, modules, window;   // comma lists; FROM:TO in microseconds
    double merge_gap_ns = 0;
};

void add_trace_options(CLI::App* run, trace_cli& t);

// Null when neither file was asked for. Throws input_error for an unknown layer name or a
// malformed time window.
std::unique_ptr<traces::recorder> make_recorder(const trace_cli& t, const sw::graph& g);

} // namespace pimscope::app
