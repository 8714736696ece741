#include "pimscope/common/arch_config.hpp"

#include "pimscope/common/error.hpp"

namespace pimscope {

namespace {

void require(bool ok, const param_tree& t, const std::string& key, const std::string& what) {
    if (!ok) throw input_error(t.origin(), "key '" + key + "'", what);
}

int positive_int(const param_tree& t, const std::string& key, int fallback) {
    const auto v = t.get_int(key, fallback);
    require(v > 0 && v < (1 << 30), t, key, "must be a positive integer, got " + std::to_string(v));
    return static_cast<int>(v);
}

double non_negative(const param_tree& t, const std::string& key, double fallback) {
    const double v = t.get_double(key, fallback);
    require(v >= 0, t, key, "must not be negative");
    return v;
}

action_cost cost(const param_tree& t, const std::string& name) {
    return {non_negative(t, "costs." + name + ".latency_s", 0),
            non_negative(t, "costs." + name + ".energy_j", 0)};
}

bool power_of_two(int v) { return v > 0 && (v & (v - 1)) == 0; }

} // namespace

arch_config load_arch_config(param_tree& t) {
    arch_config a;
    a.source = t.origin();
    a.tech_node_nm = positive_int(t, "technology.node_nm", a.tech_node_nm);

    a.device_type = t.get_string("device.type", a.device_type);
    require(a.device_type == "rram", t, "device.type", "only 'rram' is modelled so far");
    a.cell_width_f = non_negative(t, "device.cell_width_f", a.cell_width_f);
    a.cell_height_f = non_negative(t, "device.cell_height_f", a.cell_height_f);
    a.r_on_ohm = non_negative(t, "device.r_on_ohm", a.r_on_ohm);
    a.on_off_ratio = t.get_double("device.on_off_ratio", a.on_off_ratio);
    require(a.on_off_ratio > 1, t, "device.on_off_ratio", "must be greater than 1");
    a.bits_per_cell = positive_int(t, "device.bits_per_cell", a.bits_per_cell);
    require(a.bits_per_cell == 1, t, "device.bits_per_cell",
            "binary networks use 1 bit per cell");
    a.read_voltage_v = non_negative(t, "device.read_voltage_v", a.read_voltage_v);
    a.read_pulse_s = non_negative(t, "device.read_pulse_s", a.read_pulse_s);
    a.access_voltage_v = non_negative(t, "device.access_voltage_v", a.access_voltage_v);
    a.write_voltage_v = non_negative(t, "device.write_voltage_v", a.write_voltage_v);

    a.array_mode = t.get_string("array.mode", a.array_mode);
    require(a.array_mode == "xnor_parallel", t, "array.mode",
            "only 'xnor_parallel' is modelled so far");
    a.subarray_rows = positive_int(t, "array.rows", a.subarray_rows);
    a.subarray_cols = positive_int(t, "array.cols", a.subarray_cols);
    require(a.subarray_rows % 2 == 0, t, "array.rows",
            "must be even (two rows per binary weight in XNOR mode)");
    a.columns_per_adc = positive_int(t, "array.columns_per_adc", a.columns_per_adc);
    require(a.subarray_cols % a.columns_per_adc == 0, t, "array.columns_per_adc",
            "must divide array.cols");

    a.adc_type = t.get_string("adc.type", a.adc_type);
    require(a.adc_type == "mlsa" || a.adc_type == "sar", t, "adc.type",
            "expected 'mlsa' or 'sar', got '" + a.adc_type + "'");
    a.adc_bits = positive_int(t, "adc.bits", a.adc_bits);
    require(a.adc_bits <= 16, t, "adc.bits", "must be between 1 and 16");
    const std::string rounding = t.get_string("adc.rounding", "nearest");
    require(rounding == "floor" || rounding == "nearest", t, "adc.rounding",
            "expected 'floor' or 'nearest', got '" + rounding + "'");
    a.adc_round = rounding == "floor" ? adc_rounding::floor : adc_rounding::nearest;

    a.pe_subarrays = positive_int(t, "hierarchy.pe_subarrays", a.pe_subarrays);
    a.tile_pes = positive_int(t, "hierarchy.tile_pes", a.tile_pes);
    require(power_of_two(a.pe_subarrays), t, "hierarchy.pe_subarrays",
            "must be a power of two (H-tree)");
    require(power_of_two(a.tile_pes), t, "hierarchy.tile_pes", "must be a power of two (H-tree)");
    a.max_tiles = positive_int(t, "hierarchy.max_tiles", a.max_tiles);

    a.pipeline_mode = t.get_string("pipeline.mode", a.pipeline_mode);
    require(a.pipeline_mode == "pipelined" || a.pipeline_mode == "layer", t, "pipeline.mode",
            "expected 'pipelined' or 'layer', got '" + a.pipeline_mode + "'");
    a.speed_up_degree = positive_int(t, "pipeline.speed_up_degree", a.speed_up_degree);
    a.stage_buffer_rows = static_cast<int>(t.get_int("pipeline.stage_buffer_rows", 0));
    require(a.stage_buffer_rows >= 0, t, "pipeline.stage_buffer_rows", "must not be negative");
    a.quantum_s = t.get_double("pipeline.quantum_s", a.quantum_s);
    require(a.quantum_s > 0, t, "pipeline.quantum_s", "must be positive");

    a.input_bits = positive_int(t, "input.bits", a.input_bits);
    require(a.input_bits <= 16, t, "input.bits", "must be between 1 and 16");
    a.input_scheme = t.get_string("input.scheme", a.input_scheme);
    require(a.input_scheme == "sign_magnitude" || a.input_scheme == "unsigned", t,
            "input.scheme", "expected 'sign_magnitude' or 'unsigned'");

    a.clock_period_s = t.get_double("clock.period_s", a.clock_period_s);
    require(a.clock_period_s > 0, t, "clock.period_s", "must be positive");
    a.buffer_port_bits = positive_int(t, "buffer.port_bits", a.buffer_port_bits);
    a.buffer_energy_per_bit_j = non_negative(t, "buffer.energy_per_bit_j", 0);
    a.htree_link_bits = positive_int(t, "interconnect.link_bits", a.htree_link_bits);
    a.link_energy_per_bit_hop_j = non_negative(t, "interconnect.energy_per_bit_hop_j", 0);
    a.unit_lanes = positive_int(t, "units.lanes", a.unit_lanes);
    a.subarray_leakage_w = non_negative(t, "leakage.subarray_w", 0);

    a.subarray_read = cost(t, "subarray_read");
    a.adc_conversion = cost(t, "adc_conversion");
    a.adder_tree_op = cost(t, "adder_tree");
    a.shift_add_op = cost(t, "shift_add");
    a.accumulation_op = cost(t, "accumulation");
    a.activation_op = cost(t, "activation");
    a.pooling_op = cost(t, "pooling");
    a.eltwise_op = cost(t, "eltwise");

    t.check_all_used();
    return a;
}

arch_config load_arch_config_file(const std::string& path) {
    auto tree = param_tree::from_yaml_file(path);
    return load_arch_config(tree);
}

} // namespace pimscope
