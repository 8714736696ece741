#include "pimscope/common/arch_config.hpp"

#include "pimscope/common/error.hpp"

#include <cmath>
#include <filesystem>

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

double positive(const param_tree& t, const std::string& key, double fallback) {
    const double v = t.get_double(key, fallback);
    require(v > 0, t, key, "must be positive");
    return v;
}

// technology.file names a tech file (configs/arch/tech/*.yaml), relative to the arch file.
tech_params load_tech(const param_tree& arch_tree, const std::string& file) {
    namespace fs = std::filesystem;
    fs::path path(file);
    if (path.is_relative()) path = fs::path(arch_tree.origin()).parent_path() / path;
    if (!fs::exists(path))
        throw input_error(arch_tree.origin(), "key 'technology.file'",
                          "tech file '" + path.string() + "' does not exist");
    auto t = param_tree::from_yaml_file(path.string());
    tech_params p;
    p.file = path.string();
    p.feature_m = positive(t, "feature_nm", 22) * 1e-9;
    p.vdd_v = positive(t, "vdd_v", p.vdd_v);
    p.fo4_s = positive(t, "fo4_s", p.fo4_s);
    p.wire_cap_f_per_m = positive(t, "wire_cap_ff_per_um", 0.18) * 1e-9;
    p.wire_res_ohm_per_m = positive(t, "wire_res_ohm_per_um", 4.0) * 1e6;
    p.leakage_scale = positive(t, "leakage_scale", 1.0);
    t.get_string("source", "");   // free text: where the numbers come from
    t.check_all_used();
    return p;
}

circuit_params load_circuit(const param_tree& t) {
    circuit_params c;
    auto d = [&](const char* key, double& v) { v = non_negative(t, std::string("circuit.") + key, v); };
    auto i = [&](const char* key, int& v) { v = positive_int(t, std::string("circuit.") + key, v); };
    double ref_nm = c.ref_feature_m * 1e9;
    d("reference.feature_nm", ref_nm);
    c.ref_feature_m = ref_nm * 1e-9;
    d("reference.vdd_v", c.ref_vdd_v);
    d("reference.fo4_s", c.ref_fo4_s);
    d("sense_delay_s", c.sense_delay_s);
    d("comparator_load_delay_s", c.comparator_load_delay_s);
    d("comparator_area_f2", c.comparator_area_f2);
    d("comparator_sizing_area_f2", c.comparator_sizing_area_f2);
    d("adc_reference_area_fraction", c.adc_reference_area_fraction);
    d("adc_energy_per_conversion_j", c.adc_energy_per_conversion_j);
    d("adc_energy_per_comparator_j", c.adc_energy_per_comparator_j);
    d("sar_dac_unit_cap_area_f2", c.sar_dac_unit_cap_area_f2);
    d("sar_logic_area_f2", c.sar_logic_area_f2);
    d("sar_energy_per_cycle_j", c.sar_energy_per_cycle_j);
    d("read_energy_j", c.read_energy_j);
    d("read_energy_per_comparator_j", c.read_energy_per_comparator_j);
    d("driver_area_f2", c.driver_area_f2);
    d("mux_area_f2", c.mux_area_f2);
    d("adder_area_per_bit_f2", c.adder_area_per_bit_f2);
    d("adder_fixed_delay_s", c.adder_fixed_delay_s);
    d("adder_carry_delay_s", c.adder_carry_delay_s);
    d("digital_timing_period_s", c.digital_timing_period_s);
    d("adder_fixed_energy_j", c.adder_fixed_energy_j);
    d("adder_energy_per_bit_j", c.adder_energy_per_bit_j);
    d("first_layer_input_activity", c.first_layer_input_activity);
    d("register_bit_area_f2", c.register_bit_area_f2);
    i("tile_buffer_bits", c.tile_buffer_bits);
    d("buffer_access_cycles", c.buffer_access_cycles);
    d("buffer_access_time_s", c.buffer_access_time_s);
    i("buffer_input_port_bits", c.buffer_input_port_bits);
    i("global_buffer_port_bits", c.global_buffer_port_bits);
    i("global_bus_max_bits", c.global_bus_max_bits);
    d("buffer_energy_per_bit_j", c.buffer_energy_per_bit_j);
    d("buffer_energy_per_output_bit_j", c.buffer_energy_per_output_bit_j);
    d("buffer_output_extra_bits", c.buffer_output_extra_bits);
    d("htree_area_per_tile_pitch_m", c.htree_area_per_tile_pitch_m);
    d("tile_htree_bits", c.tile_htree_bits);
    d("tile_htree_delay_per_m_s", c.tile_htree_delay_per_m_s);
    d("global_bus_cycles_per_m", c.global_bus_cycles_per_m);
    d("htree_path_pitches", c.htree_path_pitches);
    d("wire_repeater_overhead", c.wire_repeater_overhead);
    d("htree_output_energy_per_bit_m2_j", c.htree_output_energy_per_bit_m2_j);
    d("tile_leakage_w", c.tile_leakage_w);
    d("comparator_leakage_w", c.comparator_leakage_w);
    return c;
}

} // namespace

arch_config load_arch_config(param_tree& t) {
    arch_config a;
    a.source = t.origin();
    a.tech_node_nm = positive_int(t, "technology.node_nm", a.tech_node_nm);
    if (t.has("technology.file")) {
        a.tech = load_tech(t, t.get_string("technology.file"));
        require(std::abs(a.tech.feature_m * 1e9 - a.tech_node_nm) < 0.5, t, "technology.node_nm",
                "does not match the tech file's feature_nm");
    } else {
        a.tech.feature_m = a.tech_node_nm * 1e-9;
    }
    a.circuit = load_circuit(t);
    a.study_quirks = t.get_bool("study.quirks", false);

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
    a.variation_sigma = non_negative(t, "nonideal.variation_sigma", a.variation_sigma);
    a.read_noise_sigma = non_negative(t, "nonideal.read_noise_sigma", a.read_noise_sigma);
    a.stuck_on_rate = non_negative(t, "nonideal.stuck_on_rate", a.stuck_on_rate);
    a.stuck_off_rate = non_negative(t, "nonideal.stuck_off_rate", a.stuck_off_rate);
    require(a.stuck_on_rate + a.stuck_off_rate <= 1, t, "nonideal.stuck_on_rate",
            "stuck_on_rate + stuck_off_rate must not exceed 1");
    require(a.variation_sigma <= 3, t, "nonideal.variation_sigma", "must be at most 3");
    {
        const int64_t seed = t.get_int("nonideal.seed", 1);
        require(seed >= 0, t, "nonideal.seed", "must not be negative");
        a.nonideal_seed = uint64_t(seed);
    }

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
    const std::string range = t.get_string("adc.range", "fixed");
    require(range == "fixed" || range == "study" || range == "calibrated", t, "adc.range",
            "expected 'fixed', 'study' or 'calibrated', got '" + range + "'");
    a.adc_range_policy = range == "study"        ? adc_range::study
                         : range == "calibrated" ? adc_range::calibrated
                                                 : adc_range::fixed;
    a.adc_clip_percentile = t.get_double("adc.clip_percentile", a.adc_clip_percentile);
    require(a.adc_clip_percentile > 50 && a.adc_clip_percentile <= 100, t, "adc.clip_percentile",
            "must be in (50, 100]");
    a.adc_calibration_images = positive_int(t, "adc.calibration_images", a.adc_calibration_images);

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
    a.rescale_first_thresholds = t.get_bool("input.rescale_first_thresholds", false);

    a.clock_mode = t.get_string("clock.mode", a.clock_mode);
    require(a.clock_mode == "fixed" || a.clock_mode == "sensing", t, "clock.mode",
            "expected 'fixed' or 'sensing', got '" + a.clock_mode + "'");
    a.clock_period_s = t.get_double("clock.period_s", a.clock_period_s);
    require(a.clock_period_s > 0, t, "clock.period_s", "must be positive");
    a.buffer_port_bits = positive_int(t, "buffer.port_bits", a.buffer_port_bits);
    a.buffer_energy_per_bit_j = non_negative(t, "buffer.energy_per_bit_j", 0);
    a.htree_link_bits = positive_int(t, "interconnect.link_bits", a.htree_link_bits);
    a.link_energy_per_bit_hop_j = non_negative(t, "interconnect.energy_per_bit_hop_j", 0);
    a.unit_lanes = positive_int(t, "units.lanes", a.unit_lanes);
    a.subarray_leakage_w = non_negative(t, "leakage.subarray_w", 0);

    // An explicit `costs:` table overrides the circuit models action by action
    // (modules::apply_cost_models leaves a table's values alone).
    a.costs_from_table = !t.children("costs").empty();
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
