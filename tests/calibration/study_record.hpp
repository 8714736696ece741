#pragma once
// The study figures as text lines (`chip <field> <value>`, `layer <i> <field> <value>`,
// `name <i> <layer name>`), so that a test can read a point simulated in another process.
#include "pimscope/platform/study_figures.hpp"

#include <istream>
#include <ostream>

namespace pimscope::calibration {

void write_study_record(std::ostream& os, const platform::study_result& s);
platform::study_result read_study_record(std::istream& is);

} // namespace pimscope::calibration
