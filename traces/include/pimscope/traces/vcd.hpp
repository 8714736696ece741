#pragma once
// Waveforms written from recorded value changes rather than sc_trace: with temporal
// decoupling the kernel only sees quantum boundaries, but every transaction knows its own
// start and end, so changes are recorded at those times (in any order) and sorted when the
// file is written. A signal is a counter: it changes by a delta at a time; a busy flag is
// +1 at a slice's start and -1 at its end, so back-to-back slices leave it high.
#include "pimscope/traces/sink.hpp"

#include <string>
#include <vector>

namespace pimscope::traces {

// A dotted hierarchical name in its parts ("chip.tile_0.pe0" -> chip, tile_0, pe0): VCD
// scopes, and the waveform names built from module paths.
std::vector<std::string> split_path(const std::string& path);

class vcd_writer {
public:
    // path: dot-separated hierarchy, the last part the signal's name. width: bits.
    int signal(const std::string& path, int width);
    void change(int signal, ticks at, int delta);
    // Writes the file (timescale 1 ps when tick_ps is 1).
    void write(const std::string& file, uint64_t tick_ps, ticks end) const;
    std::size_t changes() const { return m_changes.size(); }

private:
    struct signal_def {
        std::string path;
        int width;
    };
    struct change_rec {
        ticks at;
        int signal;
        int delta;
    };
    std::vector<signal_def> m_signals;
    std::vector<change_rec> m_changes;
};

} // namespace pimscope::traces
