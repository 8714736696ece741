// Layer-by-layer mode (pipeline.mode = layer) against the study's simulator with its
// pipeline off (neurosim_public_chip.csv / neurosim_public_layers.csv: bresnete18 at ADC 3
// and 5 b, balexnet at 5 b), in study mode with the same constants as every other point:
// the floorplan (each layer keeps the copies its own tiles hold), the latency as the sum of
// the layers, and the chip figures.
#include "calibration_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

using namespace pimscope;

namespace {

using calibration::text;

bool layer_mode_row(const calibration::csv_row& r) {
    return text(r, "mode") == "layer" && text(r, "subarray") == "128" && text(r, "columns_per_adc") == "8" &&
           text(r, "tech_nm") == "22" && text(r, "adc_type") == "mlsa" && text(r, "device") == "rram";
}

platform::study_result layer_mode_point(const std::string& run_name, int bits) {
    return calibration::run_study_point(calibration::study_network(run_name), bits, {"pipeline.mode=layer"});
}

} // namespace

TEST(calibration, layer_mode_floorplan_and_layers) {
    int layers = 0;
    for (const auto& ref : calibration::read_reference_csv("neurosim_public_layers.csv")) {
        if (!layer_mode_row(ref)) continue;
        // Every layer, the fully connected ones too: the global accumulator is sized for one
        // layer's partial sums when the layers run one at a time (docs/models.md 4.2).
        const auto s = calibration::run_study_point(ref.at("model"), int(calibration::number(ref, "adc_bits")),
                                                    {"pipeline.mode=layer"});
        const int l = int(calibration::number(ref, "layer"));
        ASSERT_LE(l, int(s.layers.size()));
        const auto& m = s.layers[std::size_t(l - 1)];
        const std::string where = ref.at("model") + " " + ref.at("adc_bits") + " b layer " + ref.at("layer");
        EXPECT_EQ(m.tiles, int(calibration::number(ref, "tiles"))) << where;
        EXPECT_EQ(m.duplication, int(calibration::number(ref, "speed_up"))) << where;
        const double latency = m.latency_s * 1e9 / calibration::number(ref, "latency_ns");
        std::printf("%-32s tiles %d copies %d latency %.3f\n", where.c_str(), m.tiles, m.duplication, latency);
        EXPECT_NEAR(latency, 1.0, 0.10) << where << " latency";
        EXPECT_NEAR(m.dynamic_j * 1e12 / calibration::number(ref, "dynamic_energy_pj"), 1.0, 0.20)
            << where << " dynamic energy";
        ++layers;
    }
    EXPECT_GE(layers, 40) << "the reference holds the layers of three layer-mode runs";
}

TEST(calibration, layer_mode_chip_points) {
    // Every chip figure within +-10 %, every breakdown within +-20 % (calibration::chip_metrics),
    // the leakage included: the study charges each layer's idle tiles at that layer's own
    // leakage per tile, counted from its last PE (docs/models.md §5).
    int points = 0;
    for (const auto& ref : calibration::read_reference_csv("neurosim_public_chip.csv")) {
        if (!layer_mode_row(ref)) continue;
        const auto s = layer_mode_point(ref.at("run"), int(calibration::number(ref, "adc_bits")));
        calibration::check_chip_row(ref, s, [](const calibration::chip_metric& m) { return m.tol; });
        ++points;
    }
    EXPECT_EQ(points, 3);
}
