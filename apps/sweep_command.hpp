#pragma once
// `pimscope sweep`: runs a sweep file's points as child `pimscope run/accuracy`
// processes, locally (--jobs) and, when started by mpirun, across MPI ranks.
#include <string>

namespace pimscope::app {

struct sweep_args {
    std::string file, out;
    int jobs = 1;          // child processes at a time, per rank
    bool resume = false;   // continue the sweep already in `out`
    bool list = false;     // print the points' command lines, run nothing
};

int sweep_command(const sweep_args& a);

} // namespace pimscope::app
