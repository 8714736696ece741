#pragma once
// The seed study's figures and reporting conventions (../shared/reference/README.md). The
// per-layer figures are what the study configuration of the simulation measures
// (platform/study_chip); the chip figures follow from them by the study's rules:
//   ops = sum 2*IFM_H*IFM_W*C*k*k*K (input map, stride ignored); stage time = slowest layer
//   (layer mode: the sum of the layers); FPS = 1/stage; TOPS = ops*FPS; component latency =
//   max over layers (layer mode: sum); dynamic energy = sum of layers;
//   leakage = sum P_layer*(stage - latency_layer) (layer mode: sum latency_layer * the
//   other tiles' leakage, at the layer's power per tile);
//   TOPS/W = ops/((dyn+leak)*1.22); TOPS/cm2 = TOPS/area.
// Study mode (quirks) takes the study's layer table as it is: window counts
// ((H-k+1)/stride)^2 (valid convolution), 1-bit inputs on every layer. The corrected mode
// takes window counts from the graph's shapes (padding, stride) and charges the first
// layer's bit-serial planes.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <string>
#include <vector>

namespace pimscope::platform {

struct study_layer_input {
    std::string name;
    sw::layer_row row;
    double windows = 0;      // per image
    int planes = 1;          // bit-serial input planes
    bool first = false;      // reads the network input (unsigned bit planes: activity < 1)
    double true_ops = 0;     // 2 * windows * k*k*C * K
};

struct study_layer {
    std::string name;
    int tiles = 0, duplication = 0;
    double windows = 0;
    double buffer_s = 0, interconnect_s = 0, adc_s = 0, accumulation_s = 0, latency_s = 0;
    // other: the array periphery besides ADCs (row drivers, switch matrix, column mux)
    double buffer_j = 0, interconnect_j = 0, adc_j = 0, accumulation_j = 0, other_j = 0, dynamic_j = 0;
    double leakage_w = 0, leakage_j = 0;   // idle leakage (study convention)
    double area_m2 = 0;
};

struct study_result {
    bool quirks = false;
    // pipeline.mode = layer: the layers run one after another, so the latency per image and
    // the component latencies are sums over the layers instead of maxima (the study's
    // simulator with its pipeline off), and every layer leaks while the others run.
    bool layer_mode = false;
    std::vector<study_layer> layers;
    double clock_period_s = 0;
    double area_m2 = 0, array_m2 = 0, interconnect_m2 = 0, adc_m2 = 0, accumulation_m2 = 0,
           other_m2 = 0;
    double stage_s = 0;                    // = latency per image (study)
    double buffer_s = 0, interconnect_s = 0, adc_s = 0, accumulation_s = 0;   // maxima
    double dynamic_j = 0, leakage_j = 0;
    double buffer_j = 0, interconnect_j = 0, adc_j = 0, accumulation_j = 0, other_j = 0;
    double ops = 0, true_ops = 0;
    double fps = 0, tops = 0, tops_per_w = 0, tops_per_cm2 = 0;
    double leakage_w = 0;                  // whole chip
    std::string slowest_layer, area_bottleneck, latency_bottleneck, energy_bottleneck;
};

// The study's window counts and 1-bit inputs for a NeuroSim layer table.
std::vector<study_layer_input> study_inputs_from_table(const std::vector<sw::layer_row>& rows);
// Corrected: windows from the graph's output shapes, the first layer's input planes.
std::vector<study_layer_input> study_inputs_from_graph(const sw::graph& g, int input_planes);

// The chip figures from the layers' (stage = slowest layer, leakage over the idle time,
// FPS, TOPS, TOPS/W with the study's 1.22, TOPS/cm2) and the bottleneck names.
void summarise(study_result& s);

// components.csv: per component and per layer: area, latency, dynamic energy, leakage.
std::string components_csv(const study_result& s);

} // namespace pimscope::platform
