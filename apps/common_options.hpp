#pragma once
// The options `run`, `accuracy` and `map` share (arch, network, --set and the shorthands
// for the most swept keys), and the arch configuration they add up to.
#include "pimscope/common/arch_config.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace pimscope::app {

struct common_options {
    std::string arch = "configs/arch/rram22_xnor.yaml";
    std::string net = "configs/nets/bresnete18.yaml";
    std::vector<std::string> sets;
    int adc_bits = 0, input_bits = 0;
    // Whether --adc-bits / --input-bits / --mode were given (0 is a value to check, not "absent").
    CLI::Option *adc_bits_given = nullptr, *input_bits_given = nullptr, *mode_given = nullptr;
    std::string mode;
    int input_size = 0;
    bool study = false, study_quirks = false;   // run: --study, --study-quirks
    std::string cosim;                          // run: --cosim pe.datapath=rtl[:pins][@layer,...]
};

void add_common(CLI::App* cmd, common_options& o);

// A count (images, jobs, a size): a whole number from 1 to `max`, with a message that says
// so (CLI11's own range check prints its double limits).
CLI::Validator positive_count(long long max = 1LL << 31);

// The arch file with --set, the shorthands and --cosim applied, checked by the blocks,
// with its tile sized for a network whose widest crossbar layer has `widest_columns`
// columns (load_arch_config_for_network; 0: as configured).
arch_config load_arch(const common_options& o, int widest_columns);

} // namespace pimscope::app
