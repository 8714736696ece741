#include "pimscope/traces/timeline.hpp"

#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace pimscope::traces {

namespace {

std::string escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out;
}

} // namespace


timeline_writer::timeline_writer(const std::string& path, timeline_filter filter,
                                 std::vector<std::string> layer_names, uint64_t tick_ps)
    : m_path(path), m_filter(std::move(filter)), m_layer_names(std::move(layer_names)),
      m_tick_ps(tick_ps) {
    m_out = std::make_unique<atomic_file>(m_path);
    m_file = m_out->stream();
    std::fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", m_file);
}

timeline_writer::~timeline_writer() = default;

int timeline_writer::track(const std::string& path, const std::string& kind, int layer) {
    bool enabled = true;
    if (!m_filter.modules.empty()) {
        enabled = false;
        for (const auto& m : m_filter.modules) enabled |= path.find(m) != std::string::npos;
    }
    if (layer >= 0 && !m_filter.layers.empty())
        enabled &= layer < int(m_filter.layers.size()) && m_filter.layers[std::size_t(layer)];
    m_tracks.push_back({path, kind, layer, enabled, {}});
    return int(m_tracks.size()) - 1;
}

void timeline_writer::slice(int t, const char* name, ticks start, ticks end, const slice_args& a) {
    auto& s = m_tracks[std::size_t(t)];
    if (!s.enabled || end < m_filter.from || start > m_filter.until) return;
    if (a.layer >= 0 && !m_filter.layers.empty() &&
        (a.layer >= int(m_filter.layers.size()) || !m_filter.layers[std::size_t(a.layer)]))
        return;
    auto& p = s.open;
    if (p.count > 0 && m_filter.merge_gap >= 0 && p.args.layer == a.layer &&
        std::strcmp(p.name, name) == 0 && start >= p.end &&
        start - p.end <= ticks(m_filter.merge_gap)) {
        p.end = end;
        p.busy += end - start;
        p.args.bytes += a.bytes;
        p.args.energy_j += a.energy_j;
        ++p.count;
        return;
    }
    flush(t, s);
    p.name = name;
    p.start = start;
    p.end = end;
    p.busy = end - start;
    p.args = a;
    p.count = 1;
}

void timeline_writer::write_time(ticks t) {
    // Exact decimal microseconds from integer picoseconds: no rounding, so slices that
    // touch in the simulation touch in the file.
    const uint64_t ps = t * m_tick_ps;
    std::fprintf(m_file, "%llu.%06llu", static_cast<unsigned long long>(ps / 1000000),
                 static_cast<unsigned long long>(ps % 1000000));
}

void timeline_writer::flush(int t, track_state& s) {
    auto& p = s.open;
    if (p.count == 0) return;
    std::fputs(m_first ? "" : ",\n", m_file);
    m_first = false;
    std::fprintf(m_file, "{\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"name\":\"%s\",\"ts\":", pid(s.layer), t,
                 p.name);
    write_time(p.start);
    std::fputs(",\"dur\":", m_file);
    write_time(p.end - p.start);
    std::fputs(",\"args\":{", m_file);
    if (p.args.layer >= 0 && p.args.layer < int(m_layer_names.size()))
        std::fprintf(m_file, "\"layer\":\"%s\",",
                     escaped(m_layer_names[std::size_t(p.args.layer)]).c_str());
    if (p.args.image >= 0) std::fprintf(m_file, "\"image\":%d,", p.args.image);
    if (p.args.window >= 0) std::fprintf(m_file, "\"window\":%lld,", static_cast<long long>(p.args.window));
    if (p.count > 1) {
        std::fprintf(m_file, "\"count\":%llu,\"busy_us\":", static_cast<unsigned long long>(p.count));
        write_time(p.busy);
        std::fputc(',', m_file);
    }
    std::fprintf(m_file, "\"bytes\":%llu,\"energy_j\":%.6g}}",
                 static_cast<unsigned long long>(p.args.bytes), p.args.energy_j);
    ++m_written;
    p.count = 0;
    s.used = true;
}

void timeline_writer::close(ticks simulated_end) {
    for (std::size_t t = 0; t < m_tracks.size(); ++t) flush(int(t), m_tracks[t]);
    // Names for the processes (layers) and threads (resources) that did work.
    std::set<int> pids;
    for (std::size_t t = 0; t < m_tracks.size(); ++t) {
        const auto& s = m_tracks[t];
        if (!s.used) continue;
        pids.insert(pid(s.layer));
        std::fputs(m_first ? "" : ",\n", m_file);
        m_first = false;
        std::fprintf(m_file,
                     "{\"ph\":\"M\",\"pid\":%d,\"tid\":%zu,\"name\":\"thread_name\","
                     "\"args\":{\"name\":\"%s\",\"kind\":\"%s\"}}",
                     pid(s.layer), t, escaped(s.path).c_str(), escaped(s.kind).c_str());
    }
    for (int p : pids) {
        const std::string name =
            p == 0 ? "host" : p - 1 < int(m_layer_names.size()) ? m_layer_names[std::size_t(p - 1)] : "?";
        std::fprintf(m_file,
                     ",\n{\"ph\":\"M\",\"pid\":%d,\"name\":\"process_name\",\"args\":{\"name\":\"%s\"}},"
                     "\n{\"ph\":\"M\",\"pid\":%d,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":%d}}",
                     p, escaped(name).c_str(), p, p);
    }
    std::fputs("\n],\"otherData\":{\"simulated_end_us\":", m_file);
    write_time(simulated_end);
    std::fprintf(m_file, ",\"slices\":%llu}}\n", static_cast<unsigned long long>(m_written));
    m_file = nullptr;
    m_out->commit();
}

} // namespace pimscope::traces
