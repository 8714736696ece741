#pragma once
// What a run leaves behind: summary.json and layers.csv in the output directory, and a
// short summary on stdout. Files are written under temporary names and renamed when
// complete, so a crashed run never leaves a file that looks finished.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/graph.hpp"

#include <ostream>
#include <string>

namespace pimscope::platform {

struct run_description {
    std::string arch_file, net_file, mode;
    int images = 1;
    uint64_t seed = 1;
};

void print_summary(std::ostream& os, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r);
void write_outputs(const std::string& dir, const run_description& d, const arch_config& arch,
                   const sw::graph& g, const run_result& r);

} // namespace pimscope::platform
