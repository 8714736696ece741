#include "pimscope/common/error.hpp"
#include "pimscope/rtl/cosim.hpp"
#include "pimscope/sw/graph.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace pimscope::rtl {

namespace {
std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep)) out.push_back(item);
    return out;
}
} // namespace

cosim_spec parse_cosim(const std::string& option) {
    const std::string key = "pe.datapath=";
    auto bad = [&](const std::string& why) {
        return input_error("", "", "--cosim '" + option + "': " + why +
                           " (expected pe.datapath=rtl[:pins][@layer,...])");
    };
    if (option.compare(0, key.size(), key) != 0) throw bad("unknown block");
    std::string value = option.substr(key.size());
    cosim_spec spec;
    const auto at = value.find('@');
    if (at != std::string::npos) {
        for (const auto& l : split(value.substr(at + 1), ','))
            if (!l.empty()) spec.layers.push_back(l);
        if (spec.layers.empty()) throw bad("no layer after '@'");
        value = value.substr(0, at);
    }
    if (value == "rtl")
        spec.options.mode = cosim_mode::fast;
    else if (value == "rtl:pins")
        spec.options.mode = cosim_mode::pins;
    else if (value == "rtl:broken")   // the deliberately broken RTL (shows that mismatches are caught)
        spec.options.broken = true;
    else
        throw bad("unknown implementation '" + value + "'");
    return spec;
}

std::vector<std::pair<std::string, std::string>> cosim_settings(const cosim_spec& spec) {
    std::string target = spec.options.broken ? "rtl_broken"
                         : spec.options.mode == cosim_mode::pins ? "rtl_pins"
                                                                 : "rtl";
    std::string layers;
    for (const auto& l : spec.layers) layers += (layers.empty() ? "" : ",") + l;
    return {{"pe.datapath", target}, {"pe.datapath_layers", layers}};
}

cosim_spec spec_of(const arch_config& arch) {
    cosim_spec spec;
    spec.options.mode = arch.pe_datapath == "rtl_pins" ? cosim_mode::pins : cosim_mode::fast;
    spec.options.broken = arch.pe_datapath == "rtl_broken";
    spec.layers = arch.pe_datapath_layers;
    return spec;
}

cosim_session::cosim_session(const arch_config& arch, const sw::graph& g, const cosim_spec& spec)
    : m_arch(arch), m_spec(spec), m_selected(g.nodes.size(), spec.layers.empty()) {
    for (const auto& name : spec.layers) {
        bool found = false;
        for (std::size_t i = 0; i < g.nodes.size(); ++i)
            if (g.nodes[i].name == name) {
                m_selected[i] = true;
                found = true;
            }
        if (!found) throw input_error("", "pe.datapath_layers", "the network has no layer named '" + name + "'");
    }
    const auto& f = spec.options.trace_file;
    const auto ends = [&](const char* x) {
        const std::string e(x);
        return f.size() >= e.size() && f.compare(f.size() - e.size(), e.size(), e) == 0;
    };
    if (!f.empty() && !ends(".vcd") && !ends(".fst"))
        throw input_error("", "--trace-rtl", "'" + f + "': expected a .vcd or .fst file");
    if (spec.options.mode == cosim_mode::pins)
        m_clock = std::make_unique<sc_core::sc_clock>(
            "rtl_clock", sc_core::sc_time(arch.clock_period_s, sc_core::SC_SEC));
}

cosim_session::~cosim_session() = default;

void cosim_session::install(int node, modules::pe& pe) {
    if (node < 0 || node >= int(m_selected.size()) || !m_selected[std::size_t(node)]) return;
    // Only the first RTL datapath is traced (a trace of every PE would be huge).
    const auto& o = m_spec.options;
    const std::string trace = m_datapaths.empty() ? o.trace_file : std::string();
    const uint64_t limit = o.trace_limit == 0 ? ~uint64_t(0) : o.trace_limit;
    if (o.mode == cosim_mode::pins) {
        std::string name = std::string("rtl_") + pe.name();
        std::replace(name.begin(), name.end(), '.', '_');
        m_datapaths.push_back(make_pin_datapath(name, m_arch, m_report, *m_clock, trace, limit));
    } else {
        m_datapaths.push_back(std::make_unique<fast_datapath>(m_arch, m_report, o.broken, trace, limit));
    }
    pe.set_datapath(m_datapaths.back().get());
    ++m_installed;
}

// The datapaths (and their traces) go; the PEs that point at them went with the chip.
void cosim_session::finish() { m_datapaths.clear(); }

void print_cosim(std::ostream& os, const cosim_report& r, const sw::graph& g, const cosim_spec& spec) {
    os << "  co-simulation     pe.datapath = RTL ("
       << (spec.options.mode == cosim_mode::pins ? "pin-level" : "Verilated C++ in b_transport")
       << (spec.options.broken ? ", BROKEN variant" : "") << ")\n";
    os << "    " << std::left << std::setw(18) << "layer" << std::right << std::setw(12) << "PE calls"
       << std::setw(14) << "columns" << std::setw(16) << "RTL cycles" << std::setw(16) << "model cycles"
       << std::setw(12) << "mismatches" << "\n";
    for (const auto& [node, s] : r.layers)
        os << "    " << std::left << std::setw(18) << g.nodes.at(std::size_t(node)).name << std::right
           << std::setw(12) << s.transactions << std::setw(14) << s.beats << std::setw(16) << s.rtl_cycles
           << std::setw(16) << s.model_cycles << std::setw(12) << s.mismatches << "\n";
    os << "    column sums checked " << r.checked() << ", mismatches " << r.mismatches() << "\n";
    if (r.has_mismatch) {
        const auto& m = r.first;
        os << "    first mismatch: layer " << g.nodes.at(std::size_t(m.layer)).name << ", image "
           << m.image << ", window (row " << m.row << ", x " << m.x << "), column " << m.column
           << ", " << m.pe << ": RTL " << m.rtl << ", behavioural " << m.expected << "\n";
    }
}

} // namespace pimscope::rtl
