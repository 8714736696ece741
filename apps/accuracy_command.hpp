#pragma once
// `pimscope accuracy`: golden vs hardware accuracy over a labelled dataset.
#include "common_options.hpp"
#include "pimscope/common/arch_config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace pimscope::app {

struct accuracy_args {
    std::string arch_file, net_file, dataset = "fashion-mnist:test", out;
    std::size_t limit = 0;
    int threads = 1;
    uint64_t seed = 1;
    int input_size = 0;   // generated weights only: run at input_size x input_size
    std::string shard;    // "K/N": evaluate the K-th of N contiguous slices (sweeps split points)
};

int accuracy_command(const common_options& o, const accuracy_args& a);

} // namespace pimscope::app
