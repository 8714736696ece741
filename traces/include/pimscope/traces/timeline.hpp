#pragma once
// The transaction timeline: Chrome/Perfetto trace-event JSON (opens in ui.perfetto.dev and
// chrome://tracing). One process per layer (pid = node + 1; pid 0, "host", holds the link
// back to the host), one thread (track) per resource, one complete event ("ph":"X") per transaction.
// Slices are streamed to the file as they come, so memory stays flat on long runs; filters
// and the merging of back-to-back slices keep a full 224x224 image small enough to open.
#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/traces/sink.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::traces {

struct timeline_filter {
    std::vector<bool> layers;            // by node; empty: every layer
    std::vector<std::string> modules;    // track path substrings; empty: every track
    ticks from = 0, until = ~ticks(0);   // keep slices that overlap [from, until]
    // Consecutive slices of one track with the same name and layer merge when the next
    // starts at most this many ticks after the previous ended (0: back to back only,
    // negative: never). A merged slice says how many it holds and its busy time.
    int64_t merge_gap = 0;
};

class timeline_writer {
public:
    // layer_names: by node (process names); tick_ps: picoseconds per tick.
    timeline_writer(const std::string& path, timeline_filter filter,
                    std::vector<std::string> layer_names, uint64_t tick_ps);
    ~timeline_writer();   // an unfinished writer leaves no file behind
    timeline_writer(const timeline_writer&) = delete;
    timeline_writer& operator=(const timeline_writer&) = delete;

    int track(const std::string& path, const std::string& kind, int layer);
    void slice(int t, const char* name, ticks start, ticks end, const slice_args& a);
    // Flushes pending slices, writes the metadata and renames the file into place.
    void close(ticks simulated_end);
    uint64_t slices_written() const { return m_written; }

private:
    struct pending {
        const char* name = nullptr;
        ticks start = 0, end = 0, busy = 0;
        slice_args args;
        uint64_t count = 0;
    };
    struct track_state {
        std::string path;
        std::string kind;
        int layer;
        bool enabled;
        pending open;
        bool used = false;   // a slice was written: the track is named in the file
    };
    void flush(int t, track_state& s);
    void write_time(ticks t);
    int pid(int layer) const { return layer < 0 ? 0 : layer + 1; }

    std::string m_path;
    std::unique_ptr<atomic_file> m_out;
    std::FILE* m_file = nullptr;   // m_out's stream
    timeline_filter m_filter;
    std::vector<std::string> m_layer_names;
    uint64_t m_tick_ps;
    std::vector<track_state> m_tracks;
    uint64_t m_written = 0;
    bool m_first = true;
};

} // namespace pimscope::traces
