#pragma once
// The study's accounting in closed form (tests only): the oracle the simulated study
// configuration is checked against.
#include "pimscope/platform/study_figures.hpp"

namespace pimscope::oracle {

// arch: as load_arch_config gives it (with its models). fp: the floorplan of the same rows.
platform::study_result evaluate_study(const arch_config& arch, const std::vector<platform::study_layer_input>& layers,
                                      const sw::floorplan& fp);

} // namespace pimscope::oracle
