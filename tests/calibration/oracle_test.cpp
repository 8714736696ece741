// The study configuration, simulated, against its closed form (study_oracle.cpp): every
// layer's phases and energies of the three networks at the study's point. The simulation
// runs groups of windows, packs bus words and accumulator passes as the windows come and
// rounds time to the kernel's picosecond; the closed form sums over the layer at once.
// They must agree to 1e-6.
#include "calibration_support.hpp"
#include "study_oracle.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <gtest/gtest.h>

using namespace pimscope;

namespace {

platform::study_result oracle_point(const std::string& net, int bits) {
    auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", std::to_string(bits));
    tree.set("study.quirks", "true");
    const auto arch = load_arch_config(tree);
    const auto rows = sw::read_neurosim_csv(PIMSCOPE_SOURCE_DIR "/configs/nets/study/" + net + ".neurosim.csv");
    const auto fp = sw::map_layer_rows(rows, arch, net);
    return oracle::evaluate_study(arch, platform::study_inputs_from_table(rows), fp);
}

void expect_close(double sim, double oracle, const std::string& what) {
    if (oracle == 0) EXPECT_EQ(sim, 0) << what;
    else EXPECT_NEAR(sim / oracle, 1.0, 1e-6) << what << ": simulated " << sim << ", oracle " << oracle;
}

void compare(const std::string& net, int bits) {
    const auto sim = calibration::run_study_point(net, bits);
    const auto ref = oracle_point(net, bits);
    ASSERT_EQ(sim.layers.size(), ref.layers.size());
    for (std::size_t i = 0; i < sim.layers.size(); ++i) {
        const auto& s = sim.layers[i];
        const auto& o = ref.layers[i];
        const std::string at = net + " " + std::to_string(bits) + " b layer " + o.name;
        expect_close(s.buffer_s, o.buffer_s, at + " buffer latency");
        expect_close(s.interconnect_s, o.interconnect_s, at + " interconnect latency");
        expect_close(s.adc_s, o.adc_s, at + " ADC latency");
        expect_close(s.accumulation_s, o.accumulation_s, at + " accumulation latency");
        expect_close(s.latency_s, o.latency_s, at + " latency");
        expect_close(s.buffer_j, o.buffer_j, at + " buffer energy");
        expect_close(s.interconnect_j, o.interconnect_j, at + " interconnect energy");
        expect_close(s.adc_j, o.adc_j, at + " ADC energy");
        expect_close(s.accumulation_j, o.accumulation_j, at + " accumulation energy");
        expect_close(s.other_j, o.other_j, at + " other energy");
    }
    expect_close(sim.area_m2, ref.area_m2, net + " area");
    expect_close(sim.tops_per_w, ref.tops_per_w, net + " TOPS/W");
}

} // namespace

TEST(study_configuration, matches_its_closed_form_bresnete18) { compare("bresnete18", 5); }
TEST(study_configuration, matches_its_closed_form_balexnet) { compare("balexnet", 3); }
TEST(study_configuration, matches_its_closed_form_bdensenet28) { compare("bdensenet28", 8); }
