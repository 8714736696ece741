#pragma once
// The narrow interface through which modules and the platform report what they did, for
// the transaction timeline and the waveforms. Plain C++ (no SystemC): times are kernel
// ticks (sc_time::value(), 1 ps by default), converted by whoever writes a file.
// Tracing off means a null sink pointer: every caller checks it before doing any work.
#include <cstdint>
#include <string>

namespace pimscope::traces {

using ticks = uint64_t;

// What a track records; decides the waveform a track feeds and the group it is summed
// into in the bottleneck report.
enum class track_kind : uint8_t {
    stage,             // a stage engine's busy intervals (union of its rows)
    stage_stall,       // a stage waiting for input rows or for room downstream
    adc_group,         // a subarray's read + column-mux conversions
    adder_tree,        // a PE's adder tree (+ shift-add)
    tile_buffer_port,  // a tile buffer receiving an input window
    htree,             // a tile's H-tree carrying the window to its PEs
    accumulator,       // a tile's accumulation of its PEs' partial sums
    buffer_port,       // a stage input buffer's or the global buffer's port
    link,              // the chip interconnect link into a stage (or the host)
    unit,              // a digital unit's datapath
};
const char* to_string(track_kind k);

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
    // A resource of one module instance; `path` follows the module hierarchy.
    // layer: the graph node the resource serves (-1: shared by several).
    virtual int track(const std::string& path, track_kind kind, int layer) = 0;
    // One transaction holding track `t` over [start, end).
    virtual void slice(int t, const char* name, ticks start, ticks end, const slice_args& a) = 0;
    // A counted quantity (e.g. rows held in a buffer) at `path`; changes by `delta` at `at`.
    virtual int counter(const std::string& path) = 0;
    virtual void count(int c, ticks at, int delta) = 0;
};

} // namespace pimscope::traces
