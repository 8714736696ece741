// Calibration against the seed study (Huang et al. 2023, Tables IV-VII,
// ../shared/reference/seed_paper_hardware.csv): the 3 networks x ADC 3..8 bits in study mode,
// one set of constants (configs/arch/rram22_xnor.yaml). Prints model/study ratios.
// Chip figures must be within +-10 %, breakdown components within +-20 %; the entries in
// `known_misses` are the ones the model does not reach yet (listed, not hidden): each is
// checked to be within its own recorded bound so that it cannot get worse silently.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/chip/action_costs.hpp"
#include "pimscope/platform/report.hpp"
#include "pimscope/platform/study_report.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <gtest/gtest.h>

#include "pimscope/chip/chip_models.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace pimscope;

namespace {

std::map<std::string, std::map<std::string, double>> read_seed() {
    std::ifstream f(PIMSCOPE_REFERENCE_DIR "/seed_paper_hardware.csv");
    std::string line;
    std::getline(f, line);
    std::vector<std::string> head;
    {
        std::stringstream ss(line);
        std::string c;
        while (std::getline(ss, c, ',')) head.push_back(c);
    }
    std::map<std::string, std::map<std::string, double>> out;
    while (std::getline(f, line)) {
        std::stringstream ss(line);
        std::string c, key;
        std::map<std::string, double> row;
        for (std::size_t i = 0; std::getline(ss, c, ','); ++i) {
            if (i == 0) key = c;
            else row[head[i]] = std::stod(c);
        }
        out[key + "/" + std::to_string(int(row["adc_bits"]))] = row;
    }
    return out;
}

struct metric {
    const char* column;
    double scale;        // model SI value * scale = study unit
    double tol;
    double (*get)(const platform::study_result&);
};

const metric metrics[] = {
    {"chip_area_mm2", 1e6, 0.10, [](const platform::study_result& s) { return s.area_m2; }},
    {"cim_array_area_mm2", 1e6, 0.20, [](const platform::study_result& s) { return s.array_m2; }},
    {"interconnect_area_mm2", 1e6, 0.20, [](const platform::study_result& s) { return s.interconnect_m2; }},
    {"adc_area_mm2", 1e6, 0.20, [](const platform::study_result& s) { return s.adc_m2; }},
    {"accumulation_area_mm2", 1e6, 0.20, [](const platform::study_result& s) { return s.accumulation_m2; }},
    {"other_area_mm2", 1e6, 0.20, [](const platform::study_result& s) { return s.other_m2; }},
    {"clock_period_ns", 1e9, 0.10, [](const platform::study_result& s) { return s.clock_period_s; }},
    {"latency_per_image_ms", 1e3, 0.10, [](const platform::study_result& s) { return s.stage_s; }},
    {"buffer_latency_ms", 1e3, 0.20, [](const platform::study_result& s) { return s.buffer_s; }},
    {"interconnect_latency_ms", 1e3, 0.20, [](const platform::study_result& s) { return s.interconnect_s; }},
    {"adc_latency_us", 1e6, 0.20, [](const platform::study_result& s) { return s.adc_s; }},
    {"accumulation_latency_us", 1e6, 0.20, [](const platform::study_result& s) { return s.accumulation_s; }},
    {"dynamic_energy_uj", 1e6, 0.10, [](const platform::study_result& s) { return s.dynamic_j; }},
    {"leakage_energy_uj", 1e6, 0.10, [](const platform::study_result& s) { return s.leakage_j; }},
    {"buffer_dynamic_energy_uj", 1e6, 0.20, [](const platform::study_result& s) { return s.buffer_j; }},
    {"interconnect_dynamic_energy_uj", 1e6, 0.20, [](const platform::study_result& s) { return s.interconnect_j; }},
    {"adc_dynamic_energy_uj", 1e6, 0.20, [](const platform::study_result& s) { return s.adc_j; }},
    {"accumulation_dynamic_energy_uj", 1e6, 0.20, [](const platform::study_result& s) { return s.accumulation_j; }},
    {"tops_per_w", 1, 0.10, [](const platform::study_result& s) { return s.tops_per_w; }},
    {"tops", 1, 0.10, [](const platform::study_result& s) { return s.tops; }},
    {"fps", 1, 0.10, [](const platform::study_result& s) { return s.fps; }},
    {"tops_per_cm2", 1, 0.10, [](const platform::study_result& s) { return s.tops_per_cm2; }},
};

platform::study_result run_point(const std::string& net, int bits,
                                 const std::vector<std::string>& sets = {}) {
    auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", std::to_string(bits));
    tree.set("study.quirks", "true");
    for (const auto& set : sets) tree.set_override(set);
    auto arch = load_arch_config(tree);
    modules::apply_cost_models(arch);
    const auto rows = sw::read_neurosim_csv(PIMSCOPE_SOURCE_DIR "/configs/nets/study/" + net + ".neurosim.csv");
    const auto fp = sw::map_layer_rows(rows, arch, net);
    return platform::evaluate_study(arch, platform::study_inputs_from_table(rows), fp);
}

} // namespace

TEST(calibration, seed_study_18_points) {
    const auto seed = read_seed();
    ASSERT_EQ(seed.size(), 18u);
    std::printf("model/study ratios (study mode, rram22_xnor.yaml)\n%-12s %2s", "network", "b");
    for (const auto& m : metrics) std::printf(" %6.6s", m.column);
    std::printf("\n");
    std::map<std::string, int> misses;
    for (const char* net : {"balexnet", "bresnete18", "bdensenet28"})
        for (int b = 3; b <= 8; ++b) {
            const auto s = run_point(net, b);
            const auto& ref = seed.at(std::string(net) + "/" + std::to_string(b));
            std::printf("%-12s %2d", net, b);
            for (const auto& m : metrics) {
                const double ratio = m.get(s) * m.scale / ref.at(m.column);
                std::printf(" %6.2f", ratio);
                if (std::abs(ratio - 1) > m.tol) ++misses[m.column];
            }
            std::printf("\n");
        }
    std::printf("points outside tolerance per metric (of 18):");
    for (const auto& [k, v] : misses) std::printf(" %s=%d", k.c_str(), v);
    std::printf("\n");
    // Every metric holds on every point except these known misses (README "Calibration"
    // explains each); the counts may only go down. None left.
    const std::map<std::string, int> known_misses = {};
    for (const auto& m : metrics) {
        const auto it = known_misses.find(m.column);
        const int allowed = it == known_misses.end() ? 0 : it->second;
        EXPECT_LE(misses[m.column], allowed) << m.column;
    }
}

TEST(calibration, trends_off_the_calibration_points) {
    auto area = [](const platform::study_result& s) { return s.area_m2; };
    auto energy = [](const platform::study_result& s) { return s.dynamic_j; };
    const auto base = run_point("bresnete18", 5);
    // More ADC bits: more area and energy.
    const auto b6 = run_point("bresnete18", 6);
    EXPECT_GT(area(b6), area(base));
    EXPECT_GT(energy(b6), energy(base));
    // Larger subarrays: the subarray's area and read energy grow.
    auto load = [](const std::vector<std::string>& sets) {
        auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
        for (const auto& set : sets) tree.set_override(set);
        auto a = load_arch_config(tree);
        modules::apply_cost_models(a);
        return a;
    };
    const auto small = load({});
    const auto big = load({"array.rows=256", "array.cols=256"});
    const auto& small_sub = small.models->subarray;
    const auto& big_sub = big.models->subarray;
    EXPECT_GT(big_sub.cell_array_area_m2() + big_sub.drivers_area_m2() + big_sub.mux_area_m2(),
              small_sub.cell_array_area_m2() + small_sub.drivers_area_m2() + small_sub.mux_area_m2());
    EXPECT_GT(big_sub.read_energy_j(big_sub.rows()), small_sub.read_energy_j(small_sub.rows()));
    // SAR vs flash: smaller ADC, slower conversions.
    const auto sar = run_point("bresnete18", 5, {"adc.type=sar"});
    EXPECT_LT(sar.adc_m2, base.adc_m2);
    EXPECT_GT(sar.adc_s, base.adc_s);
    // Larger node: more area and energy.
    const auto n45 = run_point("bresnete18", 5, {"technology.node_nm=45"});
    EXPECT_GT(area(n45), area(base));
    EXPECT_GT(energy(n45), energy(base));
    // More columns per ADC: less ADC area, more ADC latency.
    const auto mux16 = run_point("bresnete18", 5, {"array.columns_per_adc=16"});
    EXPECT_LT(mux16.adc_m2, base.adc_m2);
    EXPECT_GT(mux16.adc_s, base.adc_s);
}

TEST(calibration, corrected_mode_charges_multi_bit_first_layer) {
    auto tree = param_tree::from_yaml_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
    auto arch = load_arch_config(tree);
    modules::apply_cost_models(arch);
    ASSERT_FALSE(arch.study_quirks);
    const auto g = sw::load_network(PIMSCOPE_SOURCE_DIR "/configs/nets/bresnete18.yaml");
    const auto one = platform::study_for_run(arch, g, "bresnete18.yaml", 1);
    const auto four = platform::study_for_run(arch, g, "bresnete18.yaml", 4);
    ASSERT_EQ(one.layers.size(), four.layers.size());
    // n planes: n reads and ADC rounds in the first layer, the rest unchanged.
    EXPECT_NEAR(four.layers[0].adc_s / one.layers[0].adc_s, 4.0, 1e-9);
    EXPECT_GT(four.layers[0].adc_j, 3.9 * one.layers[0].adc_j);
    EXPECT_GT(four.layers[0].accumulation_j, one.layers[0].accumulation_j);
    EXPECT_DOUBLE_EQ(four.layers[1].dynamic_j, one.layers[1].dynamic_j);
    // Ops: the study's convention counts the input map; the true count uses the stride.
    // Corrected: the 1x1 shortcuts read the pooled map (the study's CSV lists them at the
    // pre-pooling size), so the convention gives 5.377 G instead of the study's 5.492 G.
    EXPECT_NEAR(one.ops, 5.377e9, 0.001e9);
    EXPECT_LT(one.true_ops, one.ops);
    // Study mode for the same network: the study's table, its ops, 1-bit inputs.
    tree.set("study.quirks", "true");
    auto q = load_arch_config(tree);
    const auto study = platform::study_for_run(q, g, "bresnete18.yaml", 4);
    EXPECT_TRUE(study.quirks);
    EXPECT_NEAR(study.ops, 5.492e9, 0.001e9);
    EXPECT_EQ(study.slowest_layer, "conv1");
    EXPECT_EQ(study.latency_bottleneck, "buffer");
}
