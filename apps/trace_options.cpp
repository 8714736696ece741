#include "trace_options.hpp"

#include "pimscope/traces/atomic_file.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/platform/waveform_names.hpp"

#include <systemc>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace pimscope::app {

namespace {

std::vector<std::string> comma_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

} // namespace

void add_trace_options(CLI::App* run, trace_cli& t) {
    run->add_option("--trace-timeline", t.timeline,
                    "Write the transaction timeline (Chrome/Perfetto trace-event JSON) to FILE.json");
    run->add_option("--trace-vcd", t.vcd,
                    "Write waveforms (stage busy/stall, buffer occupancy, ADC groups, links) to FILE.vcd");
    run->add_option("--trace-layers", t.layers, "Timeline: only these layers (comma-separated names)");
    run->add_option("--trace-modules", t.modules,
                    "Timeline: only tracks whose module path contains one of these (comma-separated)");
    run->add_option("--trace-window", t.window, "Timeline: only slices within FROM:TO microseconds");
    run->add_option("--trace-merge-gap", t.merge_gap_ns,
                    "Timeline: merge consecutive slices of a track separated by at most this many ns "
                    "(0: back to back only; negative: never)")
        ->capture_default_str();
}

std::unique_ptr<traces::recorder> make_recorder(const trace_cli& t, const sw::graph& g) {
    if (t.timeline.empty() && t.vcd.empty()) {
        if (!t.layers.empty() || !t.modules.empty() || !t.window.empty())
            throw input_error("", "--trace-layers/--trace-modules/--trace-window",
                              "filter the timeline: give --trace-timeline FILE.json too");
        return nullptr;
    }
    const double tick_s = sc_core::sc_get_time_resolution().to_seconds();
    const auto tick_ps = uint64_t(std::llround(tick_s * 1e12));
    const auto ticks_of_us = [&](double us) { return traces::ticks(std::llround(us * 1e-6 / tick_s)); };

    traces::recorder_options o;
    o.timeline_file = t.timeline;
    o.vcd_file = t.vcd;
    std::vector<std::string> names;
    for (const auto& n : g.nodes) names.push_back(n.name);
    if (!t.layers.empty()) {
        o.filter.layers.assign(names.size(), false);
        for (const auto& want : comma_list(t.layers)) {
            bool found = false;
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == want) o.filter.layers[i] = found = true;
            if (!found)
                throw input_error(g.source, "--trace-layers",
                                  "no layer named '" + want + "' in network '" + g.name + "'");
        }
    }
    o.filter.modules = comma_list(t.modules);
    if (!t.window.empty()) {
        const auto colon = t.window.find(':');
        double from = 0, to = 0;
        try {
            if (colon == std::string::npos) throw std::invalid_argument("no colon");
            from = colon == 0 ? 0.0 : std::stod(t.window.substr(0, colon));
            to = colon + 1 == t.window.size() ? HUGE_VAL : std::stod(t.window.substr(colon + 1));
        } catch (const std::exception&) {
            throw input_error("", "--trace-window", "expected FROM:TO in microseconds, got '" + t.window + "'");
        }
        if (from < 0 || to <= from)
            throw input_error("", "--trace-window", "expected 0 <= FROM < TO, got '" + t.window + "'");
        o.filter.from = ticks_of_us(from);
        o.filter.until = std::isinf(to) ? ~traces::ticks(0) : ticks_of_us(to);
    }
    // Fail now rather than after a long run when a file cannot be written. Its folder is
    // made, like --out's, so that traces can go into the run's output directory.
    for (const auto* file : {&t.timeline, &t.vcd}) {
        if (file->empty()) continue;
        std::error_code ec;
        const auto folder = std::filesystem::path(*file).parent_path();
        if (!folder.empty()) std::filesystem::create_directories(folder, ec);
        traces::atomic_file probe(*file);   // dropped unfinished: leaves nothing behind
    }
    o.vcd_name = platform::waveform_name;
    o.filter.merge_gap = t.merge_gap_ns < 0 ? -1 : int64_t(std::llround(t.merge_gap_ns * 1e-9 / tick_s));
    try {
        return std::make_unique<traces::recorder>(o, names, tick_ps);
    } catch (const std::runtime_error& e) {
        throw input_error(t.timeline, "--trace-timeline", e.what());
    }
}

} // namespace pimscope::app
