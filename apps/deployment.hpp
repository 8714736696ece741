#pragma once
// How a network meets real data, the same for `accuracy` and `run --dataset`: the
// parameters as deployed for the arch's input precision, and the images the calibrated
// ADC range policy calibrates on.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/weights.hpp"

#include <string>

namespace pimscope::app {

// The parameters with, when input.rescale_first_thresholds asks for it, the first layer's
// thresholds re-folded for n-bit pixels (so that the ideal and the hardware network both
// read n-bit inputs). Throws input_error when the input scheme is not unsigned.
sw::network_params deployed_params(const sw::graph& g, const sw::network_params& p, const arch_config& arch);

// The dataset the calibrated ADC range policy calibrates on: the training split where the
// dataset has one (fashion-mnist), the evaluated set otherwise.
std::string calibration_spec(const std::string& dataset_spec);

} // namespace pimscope::app
