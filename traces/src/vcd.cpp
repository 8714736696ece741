#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/traces/vcd.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <stdexcept>

namespace pimscope::traces {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    for (;;) {
        const std::size_t dot = path.find('.', begin);
        parts.push_back(path.substr(begin, dot == std::string::npos ? dot : dot - begin));
        if (dot == std::string::npos) return parts;
        begin = dot + 1;
    }
}

namespace {

// VCD identifiers: printable ASCII 33..126, shortest first.
std::string identifier(std::size_t n) {
    std::string id;
    do {
        id += char(33 + n % 94);
        n /= 94;
    } while (n > 0);
    return id;
}

void write_value(std::FILE* f, int64_t v, int width, const std::string& id) {
    if (v < 0) v = 0;
    if (width == 1) {
        std::fprintf(f, "%d%s\n", v > 0 ? 1 : 0, id.c_str());
        return;
    }
    char bits[65];
    int n = 0;
    do {
        bits[n++] = char('0' + (v & 1));
        v >>= 1;
    } while (v > 0 && n < 64);
    std::fputc('b', f);
    while (n > 0) std::fputc(bits[--n], f);
    std::fprintf(f, " %s\n", id.c_str());
}

} // namespace

int vcd_writer::signal(const std::string& path, int width) {
    m_signals.push_back({path, width});
    return int(m_signals.size()) - 1;
}

void vcd_writer::change(int signal, ticks at, int delta) { m_changes.push_back({at, signal, delta}); }

void vcd_writer::write(const std::string& file, uint64_t tick_ps, ticks end) const {
    atomic_file out(file);
    std::FILE* f = out.stream();
    std::fprintf(f, "$version pimscope $end\n$timescale %llu ps $end\n",
                 static_cast<unsigned long long>(tick_ps));

    // Declarations, grouped into nested scopes by sorting the paths.
    std::vector<std::size_t> order(m_signals.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return m_signals[a].path < m_signals[b].path; });
    std::vector<std::string> scope;
    for (std::size_t i : order) {
        auto parts = split_path(m_signals[i].path);
        const std::string name = parts.back();
        parts.pop_back();
        std::size_t common = 0;
        while (common < scope.size() && common < parts.size() && scope[common] == parts[common]) ++common;
        for (std::size_t k = scope.size(); k > common; --k) std::fputs("$upscope $end\n", f);
        scope.resize(common);
        for (std::size_t k = common; k < parts.size(); ++k) {
            std::fprintf(f, "$scope module %s $end\n", parts[k].c_str());
            scope.push_back(parts[k]);
        }
        std::fprintf(f, "$var wire %d %s %s $end\n", m_signals[i].width, identifier(i).c_str(),
                     name.c_str());
    }
    for (std::size_t k = scope.size(); k > 0; --k) std::fputs("$upscope $end\n", f);
    std::fputs("$enddefinitions $end\n#0\n$dumpvars\n", f);
    for (std::size_t i = 0; i < m_signals.size(); ++i) write_value(f, 0, m_signals[i].width, identifier(i));
    std::fputs("$end\n", f);

    // Changes in time order; at one time only the net result of its deltas is dumped.
    std::vector<std::size_t> by_time(m_changes.size());
    std::iota(by_time.begin(), by_time.end(), 0);
    std::stable_sort(by_time.begin(), by_time.end(),
                     [&](std::size_t a, std::size_t b) { return m_changes[a].at < m_changes[b].at; });
    std::vector<int64_t> value(m_signals.size(), 0), shown(m_signals.size(), 0);
    std::vector<int> touched;
    ticks last = 0;
    for (std::size_t k = 0; k < by_time.size();) {
        const ticks at = m_changes[by_time[k]].at;
        touched.clear();
        for (; k < by_time.size() && m_changes[by_time[k]].at == at; ++k) {
            const auto& c = m_changes[by_time[k]];
            value[std::size_t(c.signal)] += c.delta;
            touched.push_back(c.signal);
        }
        bool stamped = false;
        for (int s : touched) {
            if (value[std::size_t(s)] == shown[std::size_t(s)]) continue;
            if (!stamped && at > 0) std::fprintf(f, "#%llu\n", static_cast<unsigned long long>(at));
            stamped = true;
            last = at;
            shown[std::size_t(s)] = value[std::size_t(s)];
            write_value(f, value[std::size_t(s)], m_signals[std::size_t(s)].width, identifier(std::size_t(s)));
        }
    }
    if (end > last) std::fprintf(f, "#%llu\n", static_cast<unsigned long long>(end));
    out.commit();
}

} // namespace pimscope::traces
