#include "pimscope/core/technology.hpp"

#include "pimscope/common/error.hpp"

#include <cmath>
#include <filesystem>

namespace pimscope::core {

namespace fs = std::filesystem;

node_card load_node_card(const std::string& path) {
    if (!fs::exists(path)) throw input_error(path, "", "technology file does not exist");
    const auto tree = param_tree::from_yaml_file(path);
    param_registry r(tree);
    const param_scope s("", r);
    param<std::string> source{s, "source", "", "", "where the numbers come from"};
    param<double> feature{s, "feature_nm", 22, "nm", "feature size F", positive<double>()};
    param<double> vdd{s, "vdd_v", 0.8, "V", "supply voltage", positive<double>()};
    param<double> ion{s, "on_current_ua_per_um", 791.9, "uA/um", "NMOS on-current per um of transistor width",
                      positive<double>()};
    param<double> ion_p{s, "pmos_on_current_ua_per_um", 600.2, "uA/um", "PMOS on-current per um of transistor width",
                        positive<double>()};
    param<double> cap{s, "wire_cap_ff_per_um", 0.18, "fF/um", "intermediate-metal wire capacitance",
                      positive<double>()};
    param<double> res{s, "wire_res_ohm_per_um", 4.0, "ohm/um", "intermediate-metal wire resistance",
                      positive<double>()};
    param<double> gate_cap{s, "gate_cap_ff_per_um", 0.782, "fF/um",
                           "gate capacitance per um of transistor width (ideal + fringe)", positive<double>()};
    param<double> leak{s, "leakage_scale", 1.0, "", "off-current x VDD relative to 22 nm",
                       positive<double>()};
    param<double> logic_area{s, "logic_area_factor", 1.0, "",
                             "logic layout area relative to an F²-scaled layout (1: planar)", positive<double>()};
    r.check_all_used();
    // On-currents: uA/um is A/m.
    return {path, feature * 1e-9, vdd, ion, ion_p, cap * 1e-9, res * 1e6, gate_cap * 1e-9, leak, logic_area};
}

std::string card_path(const param_registry& r, const std::string& file, const std::string& name,
                      std::string* shipped) {
    fs::path p = file.empty() ? fs::path(name) : fs::path(file);
    if (p.is_relative()) p = fs::path(r.config().origin()).parent_path() / p;
    p = p.lexically_normal();
    if (!file.empty() || fs::exists(p)) return p.string();
    const fs::path ours = (fs::path(PIMSCOPE_ARCH_DIR) / name).lexically_normal();
    if (shipped) *shipped = ours.string();
    return fs::exists(ours) ? ours.string() : p.string();
}

namespace {
std::string node_file(int node_nm) { return "tech/" + std::to_string(node_nm) + "nm.yaml"; }
double switching_time(const node_card& n) { return n.gate_cap_f_per_m * n.vdd_v / n.on_current_a_per_m; }
// A CMOS gate's PMOS is as much wider than its NMOS as it conducts less per width.
double pn_ratio(const node_card& n) { return n.on_current_a_per_m / n.pmos_on_current_a_per_m; }
double repeater_width(const node_card& n) {
    return std::sqrt(n.vdd_v * n.wire_cap_f_per_m / (n.on_current_a_per_m * n.gate_cap_f_per_m * n.wire_res_ohm_per_m));
}
} // namespace

technology::technology(const param_scope& scope)
    : m_node_nm(scope, "technology.node_nm", 22, "nm",
                "technology node; selects the technology file tech/<node>nm.yaml", positive<int>()),
      m_file(scope, "technology.file", "", "",
             "technology file (relative to the arch file); default: tech/<node_nm>nm.yaml"),
      m_reference_nm(scope, "technology.reference_node_nm", 22, "nm",
                     "node the circuit constants are stated at (the seed study's 22 nm)",
                     positive<int>()),
      m_array_delay_exponent(scope, "technology.array_delay_exponent", 0.588, "",
                             "column sensing and register-file access scale as (F / F_ref) to this power",
                             in_range(0.0, 2.0)) {
    const auto& r = *scope.registry;
    std::string shipped;
    const std::string path = card_path(r, m_file, node_file(m_node_nm), &shipped);
    const std::string key = m_file.get().empty() ? m_node_nm.set_by() : m_file.set_by();
    if (!fs::exists(path))
        throw input_error(r.config().origin(), r.config().where(key.empty() ? "technology.node_nm" : key),
                          "no technology file '" + path + "' for a " + std::to_string(m_node_nm.get()) +
                              " nm node" + (shipped.empty() ? "" : " (nor '" + shipped + "')"));
    m_node = load_node_card(path);
    if (std::abs(m_node.feature_m * 1e9 - m_node_nm) > 0.5)
        throw input_error(r.config().origin(), r.config().where(key.empty() ? "technology.node_nm" : key),
                          "'technology.node_nm' is " + std::to_string(m_node_nm.get()) +
                              " but 'technology.file' " + path + " describes a " +
                              std::to_string(int(std::lround(m_node.feature_m * 1e9))) + " nm node");
    m_reference = load_node_card(card_path(r, "", node_file(m_reference_nm)));
    const double v = m_node.vdd_v / m_reference.vdd_v;
    // Switched logic: gate capacitance per width x width (~ F) x VDD².
    m_energy = m_node.gate_cap_f_per_m / m_reference.gate_cap_f_per_m * length_scale() * v * v;
    // A gate's delay is the time its on-current takes to swing its load: C · VDD / I_on,
    // both per width of transistor (the width cancels).
    m_delay = switching_time(m_node) / switching_time(m_reference);
    m_array_delay = std::pow(length_scale(), double(m_array_delay_exponent));
    m_analog_energy = length_scale() * v;
    m_wire_delay = std::sqrt(m_delay * (m_node.wire_res_ohm_per_m / m_reference.wire_res_ohm_per_m) *
                             (m_node.wire_cap_f_per_m / m_reference.wire_cap_f_per_m));
    m_wide_device = (1 + pn_ratio(m_node)) / (1 + pn_ratio(m_reference));
    m_repeater_width = repeater_width(m_node) / repeater_width(m_reference);
    m_leakage = m_node.leakage_scale / m_reference.leakage_scale * length_scale() * v;
}

} // namespace pimscope::core
