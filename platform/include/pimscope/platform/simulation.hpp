#pragma once
// The simulation driver: elaborate the chip (and the study configurations beside it), run
// the images through it, collect the figures from the blocks' statistics and compare the
// outputs with the golden reference — four functions in simulation.cpp, in that order; the
// golden reference itself may be computed on worker threads meanwhile (host_options).
// The SystemC kernel elaborates once per process: call simulate() once.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/pe/pe.hpp"
#include "pimscope/platform/chip.hpp"
#include "pimscope/platform/study_chip.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/tensor.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pimscope::rtl {
struct cosim_report;
}

namespace pimscope::platform {

struct layer_result {
    int node = -1;
    std::string name, op;
    bool crossbar = false;
    int tiles = 0, duplication = 0;
    uint64_t windows = 0;                           // all images
    uint64_t subarray_reads = 0, adc_conversions = 0;
    double busy_s = 0;                              // per image
    double stall_input_s = 0, stall_output_s = 0;   // all images
    double energy_j = 0;                            // per image
    int peak_buffer_rows = 0;                       // most input rows held at once
    std::vector<std::pair<double, double>> image_spans;   // per image: first row start, last row out
};

struct image_result {
    double start_s = 0, end_s = 0;                  // host write start, output complete
    bool exact = false;                             // equals the golden output bit for bit
    double agreement = 0;                           // fraction of equal output elements
    int hw_class = -1, golden_class = -1;           // arg-max of the output vector
    int label = -1;                                 // the dataset's label (-1: synthetic image)
};

struct run_result {
    std::vector<layer_result> layers;               // every node but the input
    std::vector<image_result> images;
    double first_latency_s = 0;                     // end-to-end latency of image 0
    double period_s = 0;                            // steady-state time per image
    bool layer_mode = false;                        // pipeline.mode = layer: stages take turns
    double throughput_ips = 0;                      // images / s over the run
    double slowest_stage_s = 0;                     // busy time per image of the slowest stage
    std::string slowest_stage;
    double energy_per_image_j = 0;                  // dynamic + leakage
    double ops_per_image = 0;                       // 2 per synapse of every output window
    double tops_per_w() const { return energy_per_image_j > 0 ? ops_per_image / energy_per_image_j * 1e-12 : 0; }
    double dynamic_energy_per_image_j = 0;          // every block's actions (statistics)
    double leakage_energy_per_image_j = 0;          // the chip's leakage over the run
    double leakage_w = 0;                           // of every tile of the floorplan
    std::map<std::string, double> dynamic_energy_parts_j;   // per image, by chip component
    double simulated_s = 0;                         // until the last output arrived
    uint64_t simulated_ticks = 0;                   // the same in kernel ticks (trace files)
    std::vector<resource_group> resources;          // shared resources, for the bottleneck report
    int tiles = 0, subarrays = 0;
    double array_area_m2 = 0;                       // crossbar cells of all tiles
    double chip_area_m2 = 0;                        // every tile (its blocks' models) + the chip H-tree
                                                    // + the stages' data movers (below)
    double datapath_area_m2 = 0;                    // stage buffer ports, links, output units
    // The first node (in execution order) whose output differs from the golden reference
    // for the last image; empty when all agree. The chip keeps every map of the last image.
    std::string first_divergence;
    // With an RTL PE datapath: every column sum checked against the behavioural model,
    // cycles of both per layer (null for a behavioural run), and how many PEs used it.
    std::shared_ptr<const rtl::cosim_report> cosim;
    int rtl_datapaths = 0;
    // The same chip in the study configuration (its conventions), when simulate() was given
    // study setups: simulated in the same elaboration, beside the true chip. The first
    // setup's figures are `study`, the others' `study_steps` (reconciliation.hpp).
    std::optional<study_result> study;
    std::vector<study_result> study_steps;
    // Host time: the whole call, and its parts (building the module tree, sc_start); the
    // teardown of the model after the comparison (not in wall_s); and what the caller spent
    // before the call (loading, weights, mapping, programming: set by the caller).
    double wall_s = 0, elaborate_s = 0, simulate_s = 0, teardown_s = 0, prepare_s = 0;
    // The golden reference inference used for the comparison: its own CPU time (summed over
    // its threads), how many worker threads computed it beside elaboration and sc_start (0:
    // on the calling thread, after the simulation), and how long the calling thread waited
    // for it after the simulation (the part of wall_s it added).
    double golden_s = 0, golden_wait_s = 0;
    int golden_threads = 0;
};

// Optional observers of a run.
struct run_hooks {
    traces::sink* trace = nullptr;                            // transaction timeline, waveforms
    std::function<void(uint64_t done, uint64_t total)> progress;   // output rows of all stages
    // With an RTL PE datapath (pe.datapath): the first RTL datapath's internal signals
    // (.vcd or .fst) over its first rtl_trace_limit transactions (0: all).
    std::string rtl_trace_file;
    uint64_t rtl_trace_limit = 100;
};

// How the host computes a run (never what is simulated: the figures do not depend on it).
struct host_options {
    // 1: the golden reference runs on the calling thread after the simulation; N >= 2: on
    // up to N - 1 worker threads (images dealt among them), beside the SystemC kernel, which
    // stays on the calling thread.
    int threads = 1;
    // false: the model is taken down before simulate() returns (run_result::teardown_s).
    // true: it is kept until the process ends, for a program that exits after the run: the
    // exit reclaims its memory at once, whereas SystemC removes each of its ~10 000 objects
    // from the kernel's registries by a linear search (quadratic in all). The kernel
    // elaborates once per process, so a kept model costs no later run anything.
    bool keep_model = false;
};

// outputs (optional) receives the network output tensor of every image. Every PE's
// datapath is bound to the target arch.pe_datapath names (behavioural or Verilated RTL).
// studies (optional): also simulate these study configurations of the layers
// (run_result::study, study_steps).
run_result simulate(const arch_config& arch, const sw::prepared_network& net,
                    const sw::floorplan& fp, const std::vector<sw::tensor>& images,
                    std::vector<sw::tensor>* outputs = nullptr, const run_hooks& hooks = {},
                    const std::vector<study_setup>& studies = {}, const host_options& host = {});

} // namespace pimscope::platform
