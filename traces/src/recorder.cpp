#include "pimscope/traces/recorder.hpp"

#include <cstring>

namespace pimscope::traces {

recorder::recorder(const recorder_options& o, std::vector<std::string> layer_names, uint64_t tick_ps)
    : m_vcd_file(o.vcd_file), m_vcd_name(o.vcd_name), m_tick_ps(tick_ps) {
    if (!o.timeline_file.empty())
        m_timeline = std::make_unique<timeline_writer>(o.timeline_file, o.filter, std::move(layer_names),
                                                       tick_ps);
    if (!o.vcd_file.empty()) m_vcd = std::make_unique<vcd_writer>();
}

int recorder::shared_signal(const std::string& path, int width) {
    auto [it, inserted] = m_shared.emplace(path, -1);
    if (inserted) it->second = m_vcd->signal(path, width);
    return it->second;
}

int recorder::track(const std::string& path, const std::string& kind, int layer, const waveform& w) {
    track_signals s;
    if (m_timeline) s.timeline = m_timeline->track(path, kind, layer);
    if (m_vcd) {
        if (!w.signal.empty())
            s.busy = w.width > 1 ? shared_signal(vcd_name(w.signal), w.width) : m_vcd->signal(vcd_name(w.signal), 1);
        for (const auto& [slice_name, signal] : w.by_slice)
            s.by_slice.emplace_back(slice_name, m_vcd->signal(vcd_name(signal), 1));
    }
    m_tracks.push_back(std::move(s));
    return int(m_tracks.size()) - 1;
}

void recorder::slice(int t, const char* name, ticks start, ticks end, const slice_args& a) {
    const auto& s = m_tracks[std::size_t(t)];
    if (s.timeline >= 0) m_timeline->slice(s.timeline, name, start, end, a);
    if (!m_vcd || end <= start) return;
    int signal = s.busy;
    for (const auto& [slice_name, by_name] : s.by_slice)
        if (slice_name == name) signal = by_name;
    if (signal < 0) return;
    m_vcd->change(signal, start, +1);
    m_vcd->change(signal, end, -1);
}

int recorder::counter(const std::string& path) { return m_vcd ? m_vcd->signal(vcd_name(path), 16) : -1; }

void recorder::count(int c, ticks at, int delta) {
    if (c >= 0) m_vcd->change(c, at, delta);
}

void recorder::finish(ticks end) {
    if (m_timeline) m_timeline->close(end);
    if (m_vcd) m_vcd->write(m_vcd_file, m_tick_ps, end);
}

} // namespace pimscope::traces
