// Per-layer calibration against the study's simulator (DNN+NeuroSim V1.3 with the study's
// settings): every layer of neurosim_v13_layers.csv (3 networks at ADC 3 and 8 b) and
// neurosim_committed_layers.csv (the study's configuration re-run) at the study's chip
// point, evaluated in study mode with one set of constants (configs/arch/rram22_xnor.yaml).
// Every layer's latency must be within +-10 % and its dynamic energy within +-20 %; the
// table prints each component's ratio too ("other" = what the reference's dynamic energy
// holds beyond its four listed parts: array periphery, docs/models.md 4.1).
#include "calibration_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace pimscope;

namespace {

struct ratio_range {
    double lo = 1e300, hi = 0;
    void add(double r) {
        lo = std::min(lo, r);
        hi = std::max(hi, r);
    }
};

// Model / reference of one layer: latency, dynamic energy and its parts.
struct layer_ratios {
    double latency = 0, dynamic = 0, buffer = 0, interconnect = 0, adc = 0, accumulation = 0, other = 0;
};

// model / reference; a part both leave at zero (e.g. no adder tree) agrees exactly.
double ratio(double model, double reference) { return model == 0 && reference == 0 ? 1.0 : model / reference; }

layer_ratios compare(const platform::study_layer& m, const calibration::csv_row& ref) {
    auto n = [&](const char* column) { return calibration::number(ref, column); };
    const double ref_other = n("dynamic_energy_pj") - n("buffer_energy_pj") - n("interconnect_energy_pj") -
                             n("adc_energy_pj") - n("accumulation_energy_pj");
    layer_ratios r;
    r.latency = ratio(m.latency_s * 1e9, n("latency_ns"));
    r.dynamic = ratio(m.dynamic_j * 1e12, n("dynamic_energy_pj"));
    r.buffer = ratio(m.buffer_j * 1e12, n("buffer_energy_pj"));
    r.interconnect = ratio(m.interconnect_j * 1e12, n("interconnect_energy_pj"));
    r.adc = ratio(m.adc_j * 1e12, n("adc_energy_pj"));
    r.accumulation = ratio(m.accumulation_j * 1e12, n("accumulation_energy_pj"));
    r.other = ratio(m.other_j * 1e12, ref_other);
    return r;
}

// The study-point rows of a layer CSV, grouped by run (network, ADC bits), in file order.
std::map<std::pair<std::string, int>, std::vector<calibration::csv_row>> runs_of(const std::string& file) {
    std::map<std::pair<std::string, int>, std::vector<calibration::csv_row>> runs;
    for (const auto& row : calibration::read_reference_csv(file))
        if (calibration::at_study_point(row))
            runs[{row.at("model"), int(calibration::number(row, "adc_bits"))}].push_back(row);
    return runs;
}

void check_layer_csv(const std::string& file) {
    const auto runs = runs_of(file);
    ASSERT_FALSE(runs.empty()) << file;
    std::printf("%s: model/reference per layer\n%-12s %2s %3s %7s %7s | %6s %6s %6s %6s %6s\n", file.c_str(),
                "network", "b", "L", "latency", "dynamic", "buffer", "interc", "adc", "accum", "other");
    ratio_range latency, dynamic;
    int layers = 0;
    for (const auto& [run, refs] : runs) {
        const auto& [model, bits] = run;
        const auto s = calibration::run_study_point(calibration::study_network(model), bits);
        for (const auto& ref : refs) {
            const int l = int(calibration::number(ref, "layer"));
            ASSERT_GE(l, 1);
            ASSERT_LE(l, int(s.layers.size())) << model;
            const layer_ratios r = compare(s.layers[std::size_t(l - 1)], ref);
            std::printf("%-12s %2d %3d %7.3f %7.3f | %6.3f %6.3f %6.3f %6.3f %6.3f\n", model.c_str(), bits, l,
                        r.latency, r.dynamic, r.buffer, r.interconnect, r.adc, r.accumulation, r.other);
            EXPECT_NEAR(r.latency, 1.0, 0.10) << model << " " << bits << " b layer " << l << " latency";
            EXPECT_NEAR(r.dynamic, 1.0, 0.20) << model << " " << bits << " b layer " << l << " dynamic energy";
            latency.add(r.latency);
            dynamic.add(r.dynamic);
            ++layers;
        }
    }
    std::printf("%s: %d layers, latency %.3f-%.3f, dynamic energy %.3f-%.3f\n", file.c_str(), layers, latency.lo,
                latency.hi, dynamic.lo, dynamic.hi);
}

} // namespace

TEST(calibration, every_layer_of_neurosim_v13) { check_layer_csv("neurosim_v13_layers.csv"); }

TEST(calibration, every_layer_of_the_committed_runs) { check_layer_csv("neurosim_committed_layers.csv"); }
