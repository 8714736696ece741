#pragma once
// The chip as the user configured it (configs/arch/*.yaml), typed and checked.
// Plain C++: the mapper (sw/) and the platform (SystemC) both read it.
#include "pimscope/common/param_tree.hpp"

#include <string>

namespace pimscope {

// Cost of one action of a block: how long it occupies the block and the energy it takes.
struct action_cost {
    double latency_s = 0;
    double energy_j = 0;
};

enum class adc_rounding { floor, nearest };

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

    // array: XNOR-parallel mode, two rows per +-1 weight, all rows read at once
    std::string array_mode = "xnor_parallel";
    int subarray_rows = 128, subarray_cols = 128;
    int columns_per_adc = 8;

    // ADC
    std::string adc_type = "mlsa";   // flash-style multi-level sense amplifier
    int adc_bits = 5;
    adc_rounding adc_round = adc_rounding::nearest;

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

    // clock and per-action costs (issue 2: from the table; issue 3 derives them)
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
