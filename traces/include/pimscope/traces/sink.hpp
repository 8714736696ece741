#pragma once
// The narrow interface through which modules and the platform report what they did, for
// the transaction timeline and the waveforms. Plain C++ (no SystemC): times are kernel
// ticks (sc_time::value(), 1 ps by default), converted by whoever writes a file.
// Tracing off means a null sink pointer: every caller checks it before doing any work.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::traces {

using ticks = uint64_t;

// How a track shows in the waveforms (VCD), as the block that owns it decides: the signal
// its slices drive, if any.
struct waveform {
    waveform() = default;
    waveform(std::string signal_, int width_ = 1, std::vector<std::pair<std::string, std::string>> by_slice_ = {})
        : signal(std::move(signal_)), width(width_), by_slice(std::move(by_slice_)) {}

    std::string signal;   // "" = the track has no waveform
    int width = 1;        // 1: a busy flag of its own; more: a counter that every track naming
                          // the same signal drives (how many of them are busy at once)
    // Slices with one of these names drive the paired signal instead (a stage's stall
    // track: one flag per reason).
    std::vector<std::pair<std::string, std::string>> by_slice;
};

// The arguments a slice carries (what the timeline shows when a slice is selected).
struct slice_args {
    int layer = -1;           // graph node the work belongs to
    int image = -1;
    int64_t window = -1;      // output window (row * width + x) of a crossbar layer
    uint64_t bytes = 0;       // data moved
    double energy_j = 0;      // energy charged for this transaction
};

class sink {
public:
    virtual ~sink() = default;
    // A resource of one module instance; `path` follows the module hierarchy, `kind` is the
    // block's own name for what the resource is (the timeline shows it, the bottleneck
    // report groups by it). layer: the graph node the resource serves (-1: several).
    virtual int track(const std::string& path, const std::string& kind, int layer, const waveform& w = {}) = 0;
    // One transaction holding track `t` over [start, end).
    virtual void slice(int t, const char* name, ticks start, ticks end, const slice_args& a) = 0;
    // A counted quantity (e.g. rows held in a buffer) at `path`; changes by `delta` at `at`.
    virtual int counter(const std::string& path) = 0;
    virtual void count(int c, ticks at, int delta) = 0;
};

} // namespace pimscope::traces
