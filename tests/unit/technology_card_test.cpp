// Technology files (docs/models.md §4.8): every shipped node loads, and each multiplier the
// circuit models scale by follows the card's own numbers by its stated formula.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/core/technology.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

using namespace pimscope;

namespace {

const std::string arch_dir = std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch";
const int nodes[] = {14, 22, 32, 45, 65, 90, 130};

arch_config at_node(int nm) {
    auto tree = param_tree::from_yaml_file(arch_dir + "/rram22_xnor.yaml");
    tree.set("technology.node_nm", std::to_string(nm), true);
    return load_arch_config(tree);
}

core::node_card card(int nm) { return core::load_node_card(arch_dir + "/tech/" + std::to_string(nm) + "nm.yaml"); }

} // namespace

TEST(technology_card, every_shipped_node_loads) {
    for (int nm : nodes) {
        const auto c = card(nm);
        EXPECT_NEAR(c.feature_m, nm * 1e-9, 1e-12) << nm;
        EXPECT_GT(c.on_current_a_per_m, c.pmos_on_current_a_per_m) << nm << ": NMOS conducts more than PMOS";
        EXPECT_GT(c.gate_cap_f_per_m, 0) << nm;
    }
}

TEST(technology_card, the_multipliers_follow_the_cards) {
    const auto ref = card(22);
    for (int nm : nodes) {
        const auto n = card(nm);
        const auto a = at_node(nm);
        const auto& t = a.models->tech;
        const double f = double(nm) / 22;
        const double v = n.vdd_v / ref.vdd_v;
        EXPECT_NEAR(t.energy_scale(), n.gate_cap_f_per_m / ref.gate_cap_f_per_m * f * v * v, 1e-9) << nm;
        // A gate's switching time C·VDD/I_on, per width.
        const auto tau = [](const core::node_card& c) { return c.gate_cap_f_per_m * c.vdd_v / c.on_current_a_per_m; };
        EXPECT_NEAR(t.delay_scale(), tau(n) / tau(ref), 1e-9) << nm;
        EXPECT_NEAR(t.array_delay_scale(), std::pow(f, 0.588), 1e-9) << nm;
        const auto pn = [](const core::node_card& c) { return c.on_current_a_per_m / c.pmos_on_current_a_per_m; };
        EXPECT_NEAR(t.wide_device_scale(), (1 + pn(n)) / (1 + pn(ref)), 1e-9) << nm;
        const auto w = [](const core::node_card& c) {
            return std::sqrt(c.vdd_v * c.wire_cap_f_per_m /
                             (c.on_current_a_per_m * c.gate_cap_f_per_m * c.wire_res_ohm_per_m));
        };
        EXPECT_NEAR(t.repeater_width_scale(), w(n) / w(ref), 1e-9) << nm;
        EXPECT_NEAR(t.wide_logic_f2_m2(), t.logic_f2_m2() * t.wide_device_scale(), 1e-30) << nm;
    }
}

TEST(technology_card, older_nodes_are_slower_and_their_wide_devices_larger) {
    // Planar nodes: LSTP gates slow down with the node, and the PMOS falls further behind
    // the NMOS, so a folded CMOS device grows faster than F².
    double delay = 0, wide = 0;
    for (int nm : {22, 32, 45, 65, 90, 130}) {
        const auto a = at_node(nm);
        EXPECT_GT(a.models->tech.delay_scale(), delay) << nm;
        EXPECT_GE(a.models->tech.wide_device_scale(), wide) << nm;
        delay = a.models->tech.delay_scale();
        wide = a.models->tech.wide_device_scale();
    }
}

TEST(technology_card, the_reference_node_scales_by_one) {
    const arch_config a = at_node(22);   // owns the models the reference is read from
    const auto& t = a.models->tech;
    for (double m : {t.energy_scale(), t.delay_scale(), t.array_delay_scale(), t.wire_delay_scale(),
                     t.analog_energy_scale(), t.leakage_scale(), t.wide_device_scale(), t.repeater_width_scale()})
        EXPECT_DOUBLE_EQ(m, 1.0);
}

TEST(technology_card, a_misspelt_key_is_refused_with_the_file_and_key) {
    // Every field is declared; a misspelt one names the file and the key.
    const std::string path = ::testing::TempDir() + "/bad_node.yaml";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("feature_nm: 22\nvdd_v: 0.85\npmos_on_curent_ua_per_um: 600\n", f);
        std::fclose(f);
    }
    try {
        core::load_node_card(path);
        FAIL() << "a misspelt key must be refused";
    } catch (const input_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("bad_node.yaml"), std::string::npos) << what;
        EXPECT_NE(what.find("pmos_on_curent_ua_per_um"), std::string::npos) << what;
    }
}
