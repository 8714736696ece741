#pragma once
// The sink a traced run writes to: it feeds the transaction timeline (Chrome JSON) and
// the waveforms (VCD), either or both. Which waveform a track feeds is the owning block's
// choice (its `waveform`); counters (buffer occupancy) go to the VCD as they are.
#include "pimscope/traces/sink.hpp"
#include "pimscope/traces/timeline.hpp"
#include "pimscope/traces/vcd.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::traces {

struct recorder_options {
    std::string timeline_file;   // empty: no timeline
    timeline_filter filter;
    std::string vcd_file;        // empty: no waveforms
    // The name a block's signal path gets in the VCD (null: the path as it is). The
    // platform knows how the chip names its modules, so it supplies the rule.
    std::function<std::string(const std::string&)> vcd_name;
};

class recorder : public sink {
public:
    // layer_names: by graph node; tick_ps: picoseconds per kernel tick.
    recorder(const recorder_options& o, std::vector<std::string> layer_names, uint64_t tick_ps);

    int track(const std::string& path, const std::string& kind, int layer, const waveform& w = {}) override;
    void slice(int t, const char* name, ticks start, ticks end, const slice_args& a) override;
    int counter(const std::string& path) override;
    void count(int c, ticks at, int delta) override;

    // Writes the files; `end` is the simulated time the run ended.
    void finish(ticks end);
    uint64_t timeline_slices() const { return m_timeline ? m_timeline->slices_written() : 0; }

private:
    struct track_signals {
        int timeline = -1;
        int busy = -1;           // VCD: busy flag or shared activity counter
        std::vector<std::pair<std::string, int>> by_slice;   // slice name -> its own flag
    };
    int shared_signal(const std::string& path, int width);
    std::string vcd_name(const std::string& path) const { return m_vcd_name ? m_vcd_name(path) : path; }

    std::string m_vcd_file;
    std::function<std::string(const std::string&)> m_vcd_name;
    uint64_t m_tick_ps;
    std::unique_ptr<timeline_writer> m_timeline;
    std::unique_ptr<vcd_writer> m_vcd;
    std::vector<track_signals> m_tracks;
    std::map<std::string, int> m_shared;
};

} // namespace pimscope::traces
