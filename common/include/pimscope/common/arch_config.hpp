#pragma once
// The chip as the user configured it (configs/arch/*.yaml), typed and checked.
// Plain C++: the mapper (sw/) and the platform (SystemC) both read it.
#include "pimscope/common/param_tree.hpp"
#include "pimscope/kernel/adc_quantizer.hpp"

#include <cstdint>
#include <string>

namespace pimscope {

// Cost of one action of a block: how long it occupies the block and the energy it takes.
struct action_cost {
    double latency_s = 0;
    double energy_j = 0;
};

// The ADC's rounding belongs to the crossbar kernel that applies it; the config names it.
using kernel::adc_rounding;

// A technology node (configs/arch/tech/<node>.yaml): the numbers the circuit cost models
// scale with. Sources in docs/models.md section 4.
struct tech_params {
    std::string file;
    double feature_m = 22e-9;            // F
    double vdd_v = 0.8;
    double fo4_s = 11e-12;               // fan-out-of-4 inverter delay
    double wire_cap_f_per_m = 0.18e-9;   // intermediate-layer wire capacitance (0.18 fF/um)
    double wire_res_ohm_per_m = 4.0e6;   // intermediate-layer wire resistance (4 ohm/um)
    double leakage_scale = 1.0;          // off-current x VDD relative to the reference node
};

// Circuit constants of the cost models, stated at a reference node (circuit.reference_*)
// and scaled to the configured node: areas in F^2 scale with F^2, energies with
// F * VDD^2 (capacitance ~ F), delays with FO4, leakage with tech.leakage_scale.
// Each constant's meaning and source: docs/models.md section 4.
struct circuit_params {
    double ref_feature_m = 22e-9, ref_vdd_v = 0.8, ref_fo4_s = 11e-12;
    // sensing / ADC
    double sense_delay_s = 1.925e-9;          // MLSA sensing delay, unloaded column node
    double comparator_load_delay_s = 4.4e-12; // extra sensing delay per comparator on the node
    double comparator_area_f2 = 14676;        // one MLSA comparator (sense amp + latch)
    double comparator_sizing_area_f2 = 54.1;  // per comparator per level (offset sizing)
    double adc_reference_area_fraction = 0.015;
    double adc_energy_per_conversion_j = 0.266e-12;
    double adc_energy_per_comparator_j = 1.70e-15;
    double sar_dac_unit_cap_area_f2 = 400;    // SAR: unit capacitor of the binary DAC
    double sar_logic_area_f2 = 4000;          // SAR: comparator + successive-approximation logic
    double sar_energy_per_cycle_j = 0.05e-12;
    // array read (word lines, bit lines, drivers) per subarray read
    double read_energy_j = 20.14e-12;
    double read_energy_per_comparator_j = 8.9e-15;
    double driver_area_f2 = 10000;            // one WL/SL driver with level shifter
    double mux_area_f2 = 5785;                // one column-mux transmission gate + decoder share
    // digital
    double adder_area_per_bit_f2 = 2254;      // one full-adder bit (tile accumulation)
    double adder_fixed_delay_s = 0.32e-9;     // ripple-carry adder: delay independent of width
    double adder_carry_delay_s = 44e-12;      // ... plus this per bit (carry chain)
    double digital_timing_period_s = 1e-9;    // adder stages and tile H-tree transfers take whole periods
    double adder_fixed_energy_j = 1.187e-15;  // one addition: fixed part
    double adder_energy_per_bit_j = 1.023e-15;  // ... plus this per bit of width
    double first_layer_input_activity = 0.5;  // P(bit = 1) of an unsigned input plane
    double register_bit_area_f2 = 6198;       // register-file bit (DFF + ports)
    int tile_buffer_bits = 65536;
    double buffer_access_cycles = 1.12;       // per output element written to the tile buffer
    double buffer_access_time_s = 0.26e-9;    // plus the register file's own access time
    int buffer_input_port_bits = 557;         // input bits the buffer delivers per cycle
    int global_buffer_port_bits = 128;        // global buffer: bits per core per cycle
    int global_bus_max_bits = 2048;           // global bus width cap (halved until below)
    double buffer_energy_per_bit_j = 0.04086e-12;
    double buffer_energy_per_output_bit_j = 0.01856e-12;
    double buffer_output_extra_bits = 1.28;   // output element = adc bits + this
    // interconnect
    double htree_area_per_tile_pitch_m = 4.0e-3;   // chip H-tree area / tile pitch [m2/m]
    double tile_htree_bits = 233;             // tile H-tree: bits per transfer
    double tile_htree_delay_per_m_s = 0.6e-6; // tile H-tree: wire delay per m of tile pitch
    double global_bus_cycles_per_m = 12076;   // global bus: cycles per transfer per m of pitch
    double htree_path_pitches = 13.42;        // wire path of a layer's H-tree, in tile pitches
    double wire_repeater_overhead = 0.26;     // repeater energy relative to the wire's C V^2
    double htree_output_energy_per_bit_m2_j = 1.6434e-7;  // partial-sum bit x tile pitch^2
    // leakage
    double tile_leakage_w = 3.377e-6;         // buffers and periphery of one tile
    double comparator_leakage_w = 5.15e-11;   // one comparator (static bias)
};
// Where the ADC's input range comes from (docs/models.md, "Accuracy models").
enum class adc_range { fixed, study, calibrated };

struct arch_config {
    std::string source;            // file it came from (for messages)

    // technology / device (the seed study: 22 nm RRAM, 1T1R 5F x 12F, 1 bit per cell)
    int tech_node_nm = 22;
    std::string device_type = "rram";
    double cell_width_f = 5, cell_height_f = 12;
    double r_on_ohm = 6000, on_off_ratio = 17;
    int bits_per_cell = 1;
    double read_voltage_v = 0.5, read_pulse_s = 10e-9;
    double access_voltage_v = 1.1, write_voltage_v = 2.0;

    // device non-idealities of the crossbar's analog path (docs/models.md, "Device
    // non-idealities"); all zero = the ideal cells the results were always computed with
    double variation_sigma = 0;     // log-normal sigma of each cell's conductance (fixed per cell)
    double read_noise_sigma = 0;    // Gaussian noise per read on each column current, in G_on units
    double stuck_on_rate = 0;       // share of cells stuck in the low-resistance state
    double stuck_off_rate = 0;      // share of cells stuck in the high-resistance state
    uint64_t nonideal_seed = 1;     // draws the chip's cells and its read noise
    bool nonideal() const {
        return variation_sigma > 0 || read_noise_sigma > 0 || stuck_on_rate > 0 || stuck_off_rate > 0;
    }

    // array: XNOR-parallel mode, two rows per +-1 weight, all rows read at once
    std::string array_mode = "xnor_parallel";
    int subarray_rows = 128, subarray_cols = 128;
    int columns_per_adc = 8;

    // ADC
    std::string adc_type = "mlsa";   // flash-style multi-level sense amplifier
    int adc_bits = 5;
    adc_rounding adc_round = adc_rounding::nearest;
    adc_range adc_range_policy = adc_range::fixed;   // fixed: [0, rows/2] set at design time
    double adc_clip_percentile = 99.9;               // calibrated: clip counts at this percentile
    int adc_calibration_images = 500;                // calibrated: first N training images

    // hierarchy: PE = pe_subarrays x pe_subarrays subarrays, tile = tile_pes x tile_pes PEs
    int pe_subarrays = 4;
    int tile_pes = 2;
    int max_tiles = 4096;            // chip limit on tiles; a network needing more does not fit

    // pipeline and mapping
    std::string pipeline_mode = "pipelined";   // or "layer"
    int speed_up_degree = 8;                   // NeuroSim's weight-duplication knob
    int stage_buffer_rows = 0;                 // input buffer capacity per stage in rows of its
                                               // input map; 0 = whole map (no backpressure)
    double quantum_s = 1e-6;                   // temporal-decoupling quantum

    // inputs
    int input_bits = 1;                 // first-layer input precision (bit-serial planes)
    std::string input_scheme = "sign_magnitude";  // or "unsigned"
    bool rescale_first_thresholds = false;  // unsigned n-bit input from 8-bit pixels: re-fold the
                                            // first layer's thresholds by (2^n-1)/255

    tech_params tech;
    circuit_params circuit;
    std::string clock_mode = "fixed";   // "fixed": clock.period_s; "sensing": set by the
                                        // sensing/ADC delay (the study's rule)
    bool study_quirks = false;          // reproduce the study's hardware runs (1-bit inputs,
                                        // its layer tables); see platform/study_report
    bool costs_from_table = false;      // true when the arch gives an explicit `costs:` table

    // clock and per-action costs: from the circuit models (modules/*_cost) unless the arch
    // gives an explicit `costs:` table
    double clock_period_s = 1.96e-9;
    int buffer_port_bits = 128;         // bits a buffer port moves per clock
    int htree_link_bits = 128;          // bits an H-tree / NoC link moves per clock
    int unit_lanes = 64;                // elements a digital unit handles per step
    action_cost subarray_read;          // one read of all rows of a subarray (per input plane)
    action_cost adc_conversion;         // one conversion of one column
    action_cost adder_tree_op;          // one PE adder-tree reduction of one column group
    action_cost shift_add_op;           // one shift-add of a column across planes / phases
    action_cost accumulation_op;        // tile-level accumulation of one output element
    action_cost activation_op;          // threshold/sign/bn/relu of one element
    action_cost pooling_op;             // one pooling output element
    action_cost eltwise_op;             // residual add / concat of one element
    double buffer_energy_per_bit_j = 0;
    double link_energy_per_bit_hop_j = 0;
    double subarray_leakage_w = 0;

    int tile_subarrays() const { return pe_subarrays * tile_pes; }  // per side
    int tile_rows() const { return subarray_rows * tile_subarrays(); }
    int tile_cols() const { return subarray_cols * tile_subarrays(); }
    int synapses_per_subarray_column() const { return subarray_rows / 2; }
    int adcs_per_subarray() const { return subarray_cols / columns_per_adc; }
};

// Reads every parameter from the tree and fails on any key that is not a parameter.
arch_config load_arch_config(param_tree& tree);
arch_config load_arch_config_file(const std::string& path);

} // namespace pimscope
