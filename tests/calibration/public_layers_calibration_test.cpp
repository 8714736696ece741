// Every layer of every run of the study simulator's design-space set
// (neurosim_public_layers.csv), read directly: the same blocks in study configuration with
// the run's settings, one parameter set. Latency per layer within +-10 %, dynamic energy
// within +-20 %, the floorplan (tiles, copies) exact; no known misses (docs/design_space.md,
// "Against the study's simulator"). The worst ratios are printed.
#include "calibration_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace pimscope;

namespace {

using calibration::text;

// The run's settings as --set options: only what differs from the study's point.
std::vector<std::string> settings_of(const calibration::csv_row& r) {
    std::vector<std::string> s;
    if (text(r, "subarray") != "128") {
        s.push_back("array.rows=" + text(r, "subarray"));
        s.push_back("array.cols=" + text(r, "subarray"));
    }
    if (text(r, "columns_per_adc") != "8") s.push_back("array.columns_per_adc=" + text(r, "columns_per_adc"));
    if (text(r, "mode") == "layer") s.push_back("pipeline.mode=layer");
    if (text(r, "tech_nm") != "22") s.push_back("technology.node_nm=" + text(r, "tech_nm"));
    if (text(r, "adc_type") != "mlsa") s.push_back("adc.type=" + text(r, "adc_type"));
    if (text(r, "device") != "rram") s.push_back("device.type=" + text(r, "device"));
    return s;
}

std::string run_key(const calibration::csv_row& r) {
    std::string k = text(r, "model") + " adc" + text(r, "adc_bits");
    for (const auto& s : settings_of(r)) k += " " + s;
    return k;
}

} // namespace

TEST(calibration, public_runs_per_layer) {
    std::map<std::string, platform::study_result> runs;
    int checked = 0;
    double worst_latency = 1, worst_dynamic = 1;
    for (const auto& ref : calibration::read_reference_csv("neurosim_public_layers.csv")) {
        const std::string key = run_key(ref);
        auto it = runs.find(key);
        if (it == runs.end())
            it = runs.emplace(key, calibration::run_study_point(ref.at("model"),
                                                                int(calibration::number(ref, "adc_bits")),
                                                                settings_of(ref)))
                     .first;
        const auto& s = it->second;
        const int l = int(calibration::number(ref, "layer"));
        ASSERT_LE(l, int(s.layers.size())) << key;
        const auto& m = s.layers[std::size_t(l - 1)];
        const std::string where = key + " L" + std::to_string(l);
        EXPECT_EQ(m.tiles, int(calibration::number(ref, "tiles"))) << where;
        EXPECT_EQ(m.duplication, int(calibration::number(ref, "speed_up"))) << where;
        const double latency = m.latency_s * 1e9 / calibration::number(ref, "latency_ns");
        const double dynamic = m.dynamic_j * 1e12 / calibration::number(ref, "dynamic_energy_pj");
        // 65 nm: the study's clock is its artefact (reference README): energy only.
        const bool timed = text(ref, "tech_nm") != "65";
        const auto check = [&](const char* figure, double r, double tol, double& worst) {
            EXPECT_NEAR(r, 1.0, tol) << where << " " << figure;
            if (std::abs(r - 1) > std::abs(worst - 1)) worst = r;
            ++checked;
        };
        if (timed) check("latency", latency, 0.10, worst_latency);
        check("dynamic", dynamic, 0.20, worst_dynamic);
    }
    std::printf("%d layer figures checked; worst latency %.3f, worst dynamic energy %.3f\n", checked, worst_latency,
                worst_dynamic);
    EXPECT_GE(checked, 420) << "the 14 runs of the design-space set, 8 to 28 layers each";
}
