#pragma once
// This very binary, for the child processes a sweep or a --what-if run starts: resolved
// once, so a rebuilt pimscope on disk cannot mix into a running job through PATH lookups.
#include <string>

namespace pimscope::app {

std::string self_exe();

} // namespace pimscope::app
