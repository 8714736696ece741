#pragma once
// A snapshot of the chip's configuration for the code that has not yet moved to the
// blocks' own parameters (the mapper, the functional mode, the SystemC stage engines).
// Every field is filled by load_arch_config (pimscope/chip/arch_loader.hpp) from the
// parameters the blocks declare (modules/<block>/), which hold the defaults, units,
// descriptions and checks: the one place each default lives. A default-constructed
// snapshot is zero (not a chip); default_arch_config() gives the declared defaults. The
// circuit models themselves are in `models`.
// Plain C++: the mapper (sw/) and the platform (SystemC) both read it.
#include "pimscope/common/action_cost.hpp"
#include "pimscope/common/param_tree.hpp"
#include "pimscope/kernel/adc_quantizer.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::chip {
struct chip_models;
}

namespace pimscope {

// The ADC's rounding belongs to the crossbar kernel that applies it; the config names it.
using kernel::adc_rounding;

// Where the ADC's input range comes from (docs/models.md, "Accuracy models").
enum class adc_range { fixed, study, calibrated };

struct arch_config {
    std::string source;            // file it came from (for messages)

    // device (the seed study: 22 nm RRAM, 1T1R 5F x 12F, 1 bit per cell)
    double on_off_ratio = 0;

    // device non-idealities of the crossbar's analog path (docs/models.md, "Device
    // non-idealities"); all zero = the ideal cells the results were always computed with
    double variation_sigma = 0;     // log-normal sigma of each cell's conductance (fixed per cell)
    double read_noise_sigma = 0;    // Gaussian noise per read on each column current, in G_on units
    double stuck_on_rate = 0;       // share of cells stuck in the low-resistance state
    double stuck_off_rate = 0;      // share of cells stuck in the high-resistance state
    uint64_t nonideal_seed = 0;     // draws the chip's cells and its read noise
    bool nonideal() const {
        return variation_sigma > 0 || read_noise_sigma > 0 || stuck_on_rate > 0 || stuck_off_rate > 0;
    }

    // array: XNOR-parallel mode, two rows per +-1 weight, all rows read at once
    int subarray_rows = 0, subarray_cols = 0;
    int columns_per_adc = 0;

    // ADC
    int adc_bits = 0;
    adc_rounding adc_round{};
    adc_range adc_range_policy{};   // fixed: [0, rows/2] set at design time
    double adc_clip_percentile = 0;               // calibrated: clip counts at this percentile
    int adc_calibration_images = 0;                // calibrated: first N training images

    // hierarchy: PE = pe_subarrays x pe_subarrays subarrays, tile = tile_pes x tile_pes PEs
    int pe_subarrays = 0;
    // The PE datapath's target: "behavioural", or the Verilated RTL: "rtl" (stepped in the
    // PE's transaction), "rtl_pins" (pin level behind a transactor), "rtl_broken" (the
    // deliberately broken RTL, to show mismatches are caught); in the named crossbar
    // layers only (empty: all).
    std::string pe_datapath;
    std::vector<std::string> pe_datapath_layers;
    int tile_pes = 0;
    int max_tiles = 0;            // chip limit on tiles; a network needing more does not fit

    // pipeline and mapping
    std::string pipeline_mode;                 // "pipelined" or "layer"
    int speed_up_degree = 0;                   // NeuroSim's weight-duplication knob
    int stage_buffer_rows = 0;                 // input buffer capacity per stage in rows of its
                                               // input map; 0 = whole map (no backpressure)
    double quantum_s = 0;                   // temporal-decoupling quantum

    // inputs
    int input_bits = 0;                 // first-layer input precision (bit-serial planes)
    std::string input_scheme;          // "sign_magnitude" or "unsigned"
    bool rescale_first_thresholds = false;  // unsigned n-bit input from 8-bit pixels: re-fold the
                                            // first layer's thresholds by (2^n-1)/255

    double study_input_bit_activity = 0;   // P(1) of an unsigned input plane (study figures)
    bool study_quirks = false;          // reproduce the study's hardware runs (1-bit inputs,
                                        // its layer tables); see platform/study_figures.hpp

    // Every block's circuit model (pimscope/chip/chip_models.hpp); null in hand-built
    // configurations. The clock and the per-action costs below are filled from them by
    // modules::apply_cost_models when the configuration is loaded.
    std::shared_ptr<const chip::chip_models> models;
    double clock_period_s = 0;
    int buffer_port_bits = 0;         // bits a buffer port moves per clock
    int htree_link_bits = 0;          // bits an H-tree / NoC link moves per clock
    int unit_lanes = 0;                // elements a digital unit handles per step
    action_cost adder_tree_op;          // one PE adder-tree reduction of one column group
    action_cost shift_add_op;           // one shift-add of a column across planes / phases
    action_cost accumulation_op;        // tile-level accumulation of one output element
    action_cost activation_op;          // threshold/sign/bn/relu of one element
    action_cost pooling_op;             // one pooling output element
    action_cost eltwise_op;             // residual add / concat of one element
    double buffer_energy_per_bit_j = 0;
    double link_energy_per_bit_hop_j = 0;

    int tile_subarrays() const { return pe_subarrays * tile_pes; }  // per side
    int tile_rows() const { return subarray_rows * tile_subarrays(); }
    int tile_cols() const { return subarray_cols * tile_subarrays(); }
    int synapses_per_subarray_column() const { return subarray_rows / 2; }
    int adcs_per_subarray() const { return subarray_cols / columns_per_adc; }
};

} // namespace pimscope
