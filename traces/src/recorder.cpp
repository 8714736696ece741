#include "pimscope/traces/recorder.hpp"

#include <cstring>

namespace pimscope::traces {

namespace {
std::string parent(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(0, dot);
}
} // namespace

recorder::recorder(const recorder_options& o, std::vector<std::string> layer_names, uint64_t tick_ps)
    : m_vcd_file(o.vcd_file), m_tick_ps(tick_ps) {
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

int recorder::track(const std::string& path, track_kind kind, int layer) {
    track_signals s;
    if (m_timeline) s.timeline = m_timeline->track(path, kind, layer);
    if (m_vcd) {
        switch (kind) {
        case track_kind::stage: s.busy = m_vcd->signal(path + ".busy", 1); break;
        case track_kind::stage_stall:
            s.stall_input = m_vcd->signal(parent(path) + ".stall_input", 1);
            s.stall_output = m_vcd->signal(parent(path) + ".stall_output", 1);
            break;
        case track_kind::adc_group:
            // subarray.adc_group -> the PE: how many of its ADC groups are converting.
            s.busy = shared_signal(parent(parent(path)) + ".adc_groups_busy", 16);
            break;
        case track_kind::buffer_port:
        case track_kind::link:
        case track_kind::unit: s.busy = m_vcd->signal(path + "_busy", 1); break;
        default: break;
        }
    }
    m_tracks.push_back(s);
    return int(m_tracks.size()) - 1;
}

void recorder::slice(int t, const char* name, ticks start, ticks end, const slice_args& a) {
    const auto& s = m_tracks[std::size_t(t)];
    if (s.timeline >= 0) m_timeline->slice(s.timeline, name, start, end, a);
    if (!m_vcd || end <= start) return;
    int signal = s.busy;
    if (s.stall_input >= 0)
        signal = std::strcmp(name, "stall_input") == 0 ? s.stall_input : s.stall_output;
    if (signal < 0) return;
    m_vcd->change(signal, start, +1);
    m_vcd->change(signal, end, -1);
}

int recorder::counter(const std::string& path) { return m_vcd ? m_vcd->signal(path, 16) : -1; }

void recorder::count(int c, ticks at, int delta) {
    if (c >= 0) m_vcd->change(c, at, delta);
}

void recorder::finish(ticks end) {
    if (m_timeline) m_timeline->close(end);
    if (m_vcd) m_vcd->write(m_vcd_file, m_tick_ps, end);
}

} // namespace pimscope::traces
