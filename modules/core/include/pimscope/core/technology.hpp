#pragma once
// The technology node every circuit model scales with (docs/models.md §4.8). The node is
// chosen by `technology.node_nm`; its numbers come from a technology file (VDD, the
// transistors' gate capacitance and on-current, wire R/C, leakage trend), by default
// tech/<node>nm.yaml beside the arch file. Circuit constants are stated at a reference node
// (`technology.reference_node_nm`, the seed study's 22 nm) and scaled to the configured
// one: area ~ F², switched capacitance ~ gate capacitance per width · F so energy ~ that ·
// VDD², gate delay ~ C·VDD/I_on, leakage ~ the file's leakage trend · F · VDD.
// Plain C++.
#include "pimscope/core/param.hpp"

#include <string>

namespace pimscope::core {

// One technology file's numbers.
struct node_card {
    std::string file;
    double feature_m = 0;
    double vdd_v = 0;
    double on_current_a_per_m = 0;       // NMOS on-current per metre of transistor width
    double pmos_on_current_a_per_m = 0;  // PMOS on-current per metre of transistor width
    double wire_cap_f_per_m = 0;
    double wire_res_ohm_per_m = 0;
    double gate_cap_f_per_m = 0;  // per metre of transistor width
    double leakage_scale = 0;     // off-current x VDD relative to the 22 nm node
    // Logic layout area relative to an F²-scaled (lambda-rule) layout: 1 for the planar
    // cards; a FinFET node's gate and metal pitches did not shrink with its name.
    double logic_area_factor = 1;
};
// Reads and checks a technology file (every field declared, none unknown).
node_card load_node_card(const std::string& path);

// Where a card (a technology or device file) is: `file` relative to the arch file the
// registry reads; without one, `name` (e.g. "tech/22nm.yaml") beside the arch file, else
// the one pimscope ships (configs/arch/<name>), so an arch file copied elsewhere still finds
// it. `shipped` receives the shipped path when it was looked for.
std::string card_path(const param_registry& r, const std::string& file, const std::string& name,
                      std::string* shipped = nullptr);

class technology {
public:
    // Reads technology.* from the scope; files are resolved relative to the directory of
    // the configuration the registry reads (the arch file).
    explicit technology(const param_scope& scope);

    const node_card& node() const { return m_node; }
    const node_card& reference() const { return m_reference; }
    double feature_m() const { return m_node.feature_m; }
    double f2_m2() const { return m_node.feature_m * m_node.feature_m; }   // one F² in m²
    // One F² of transistor layout (periphery, ADCs, adders, buffers): F² times the node's
    // logic area factor relative to the reference node's. The cell array keeps f2_m2():
    // its cell is drawn in F (the study's 5F x 12F).
    double logic_f2_m2() const { return f2_m2() * m_node.logic_area_factor / m_reference.logic_area_factor; }
    // Wide CMOS devices (the array's switches and level shifters, the H-tree's repeaters)
    // are folded into a row of fixed height, so their footprint grows with their total
    // width, NMOS + PMOS = (1 + p/n) · W_n, where the PMOS is p/n = I_on,n / I_on,p times
    // wider for equal drive. Minimum-size logic is not folded: its footprint is its poly
    // pitches and follows F² alone. Multiplier relative to the reference node.
    double wide_device_scale() const { return m_wide_device; }
    double wide_logic_f2_m2() const { return logic_f2_m2() * m_wide_device; }
    // Drawn width of an optimally sized repeater (Bakoglu: W_opt = W_min · sqrt(R_0 c_w /
    // (C_0 r_w)) with R_0 ~ VDD / (I_on W_min), C_0 ~ C_g W_min): sqrt(VDD c_w / (I_on C_g r_w)),
    // independent of F. Multiplier relative to the reference node.
    double repeater_width_scale() const { return m_repeater_width; }
    // Multipliers from the reference node to this one.
    double energy_scale() const { return m_energy; }
    double delay_scale() const { return m_delay; }
    // Delays set by a cell current charging a line (the column's sensing, a register-file
    // bit line): the current comes from the device, not the node's transistors, so they
    // follow the node's dimensions only in part, a power of F (technology.array_delay_exponent).
    double array_delay_scale() const { return m_array_delay; }
    // Delay per length of a repeated wire (Bakoglu: optimal repeaters give a delay per
    // length ~ sqrt(t_gate · r · c), t_gate the repeaters' switching time, r and c the
    // wire's resistance and capacitance per length).
    double wire_delay_scale() const { return m_wire_delay; }
    // Energy drawn from VDD to charge a node to a swing the device sets (the column's
    // sensing node at the read voltage): ~ C · VDD · V_swing, so F · VDD.
    double analog_energy_scale() const { return m_analog_energy; }
    double leakage_scale() const { return m_leakage; }
    double length_scale() const { return m_node.feature_m / m_reference.feature_m; }

private:
    param<int> m_node_nm;
    param<std::string> m_file;
    param<int> m_reference_nm;
    param<double> m_array_delay_exponent;
    node_card m_node, m_reference;
    double m_energy = 1, m_delay = 1, m_leakage = 1, m_array_delay = 1, m_analog_energy = 1, m_wire_delay = 1;
    double m_wide_device = 1, m_repeater_width = 1;
};

} // namespace pimscope::core
