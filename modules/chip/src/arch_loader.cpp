#include "pimscope/chip/arch_loader.hpp"

#include "pimscope/chip/action_costs.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/common/error.hpp"

namespace pimscope {

namespace chip {
enum class datapath_target { behavioural, rtl, rtl_pins, rtl_broken };
enum class pipeline_mode { pipelined, layer };
enum class input_scheme { sign_magnitude, unsigned_bits };
} // namespace chip

template <>
struct core::enum_names<chip::pipeline_mode> {
    static const std::vector<std::pair<chip::pipeline_mode, const char*>>& table() {
        static const std::vector<std::pair<chip::pipeline_mode, const char*>> t{
            {chip::pipeline_mode::pipelined, "pipelined"}, {chip::pipeline_mode::layer, "layer"}};
        return t;
    }
};
template <>
struct core::enum_names<chip::datapath_target> {
    static const std::vector<std::pair<chip::datapath_target, const char*>>& table() {
        static const std::vector<std::pair<chip::datapath_target, const char*>> t{
            {chip::datapath_target::behavioural, "behavioural"}, {chip::datapath_target::rtl, "rtl"},
            {chip::datapath_target::rtl_pins, "rtl_pins"}, {chip::datapath_target::rtl_broken, "rtl_broken"}};
        return t;
    }
};
template <>
struct core::enum_names<chip::input_scheme> {
    static const std::vector<std::pair<chip::input_scheme, const char*>>& table() {
        static const std::vector<std::pair<chip::input_scheme, const char*>> t{
            {chip::input_scheme::sign_magnitude, "sign_magnitude"}, {chip::input_scheme::unsigned_bits, "unsigned"}};
        return t;
    }
};

namespace {

using core::param;
using core::positive;

// Reads the configuration into `a` through `r`; the declarations stay in `r`.
void load(core::param_registry& r, arch_config& a) {
    const core::param_scope s("chip", r);
    auto models = std::make_shared<chip::chip_models>(s);
    const auto& m = *models;

    // Chip-level parameters of the pipeline, the input and the SystemC data movers.
    param<chip::pipeline_mode> mode{s, "pipeline.mode", chip::pipeline_mode::pipelined, "",
                                    "pipelined: every layer a stage; layer: one layer at a time"};
    param<int> speed_up{s, "pipeline.speed_up_degree", 8, "",
                        "weight duplication knob: early layers get copies up to this factor", positive<int>()};
    param<int> stage_rows{s, "pipeline.stage_buffer_rows", 0, "row",
                          "input rows a stage's buffer holds (0: the whole input map)", core::non_negative<int>()};
    param<double> quantum{s, "pipeline.quantum_s", 1e-6, "s", "temporal-decoupling quantum", positive<double>()};
    param<int> input_bits{s, "input.bits", 1, "bit", "first-layer input precision (bit-serial planes)",
                          core::in_range(1, 16)};
    param<chip::input_scheme> scheme{s, "input.scheme", chip::input_scheme::sign_magnitude, "",
                                     "sign_magnitude: x/max|x| to +-(2^n-1) (the study's); unsigned: n bits"};
    param<bool> rescale{s, "input.rescale_first_thresholds", false, "",
                        "accuracy runs, unsigned scheme: re-fold the first layer's thresholds for n-bit pixels"};
    param<int> port_bits{s, "buffer.port_bits", 128, "bit", "bits a stage buffer port moves per clock",
                         positive<int>()};
    param<int> link_bits{s, "interconnect.link_bits", 128, "bit", "bits a chip interconnect link moves per clock",
                         positive<int>()};
    param<int> lanes{s, "units.lanes", 64, "element", "elements a digital unit handles per clock", positive<int>()};
    param<chip::datapath_target> datapath{
        s, "pe.datapath", chip::datapath_target::behavioural, "",
        "PE adder tree + shift-add: behavioural model, or the Verilated RTL (rtl: stepped in the "
        "transaction; rtl_pins: pin level behind a transactor; rtl_broken: the deliberately broken RTL)"};
    param<std::string> datapath_layers{s, "pe.datapath_layers", "", "",
                                       "crossbar layers whose PEs use that datapath, comma-separated (empty: all)"};
    param<bool> quirks{s, "study.quirks", false, "", "reproduce the study's hardware runs: its layer tables, 1-bit inputs"};
    param<double> bit_activity{s, "study.input_bit_activity", 0.5, "",
                               "share of 1 bits in an unsigned input plane (the study's random inputs)",
                               core::in_range(0.0, 1.0)};

    a.source = r.config().origin();
    a.models = models;
    a.on_off_ratio = m.subarray.on_off_ratio();
    a.variation_sigma = m.subarray.variation_sigma();
    a.read_noise_sigma = m.subarray.read_noise_sigma();
    a.stuck_on_rate = m.subarray.stuck_on_rate();
    a.stuck_off_rate = m.subarray.stuck_off_rate();
    a.nonideal_seed = m.subarray.nonideal_seed();
    a.subarray_rows = m.subarray.rows();
    a.subarray_cols = m.subarray.cols();
    a.columns_per_adc = m.subarray.columns_per_adc();
    a.adc_bits = m.adc.bits();
    a.adc_round = m.adc.rounding() == adc::rounding::floor ? adc_rounding::floor : adc_rounding::nearest;
    a.adc_range_policy = m.adc.range() == adc::range_policy::study        ? adc_range::study
                         : m.adc.range() == adc::range_policy::calibrated ? adc_range::calibrated
                                                                          : adc_range::fixed;
    a.adc_clip_percentile = m.adc.clip_percentile();
    a.adc_calibration_images = m.adc.calibration_images();
    a.pe_subarrays = m.tile.pe_subarrays();
    a.tile_pes = m.tile.tile_pes();
    a.max_tiles = m.tile.max_tiles();
    a.pipeline_mode = mode.get() == chip::pipeline_mode::layer ? "layer" : "pipelined";
    a.speed_up_degree = speed_up;
    a.stage_buffer_rows = stage_rows;
    a.quantum_s = quantum;
    a.input_bits = input_bits;
    a.input_scheme = scheme.get() == chip::input_scheme::unsigned_bits ? "unsigned" : "sign_magnitude";
    a.rescale_first_thresholds = rescale;
    a.buffer_port_bits = port_bits;
    a.htree_link_bits = link_bits;
    a.unit_lanes = lanes;
    a.pe_datapath = core::enum_names<chip::datapath_target>::table()[std::size_t(datapath.get())].second;
    a.pe_datapath_layers.clear();
    for (std::size_t b = 0, e; b <= datapath_layers.get().size(); b = e + 1) {
        e = datapath_layers.get().find(',', b);
        if (e == std::string::npos) e = datapath_layers.get().size();
        if (e > b) a.pe_datapath_layers.push_back(datapath_layers.get().substr(b, e - b));
    }
    a.study_quirks = quirks;
    a.study_input_bit_activity = bit_activity;
    // The per-action costs the SystemC blocks charge, from the models, once.
    modules::apply_cost_models(a);
}

} // namespace

arch_config load_arch_config(param_tree& tree) {
    core::param_registry r(tree);
    arch_config a;
    load(r, a);
    r.check_all_used();
    return a;
}

arch_config load_arch_config_for_network(param_tree& tree, int widest_columns) {
    arch_config a = load_arch_config(tree);
    if (widest_columns <= 0) return a;   // no crossbar layer: nothing to size the tile by
    int64_t cap = 1;
    while (cap < widest_columns) cap *= 2;
    // The study's simulator refuses a subarray wider than a quarter of its tile cap; in its
    // own mode pimscope does too. Otherwise the tile shrinks to one PE below (a narrow
    // network on large subarrays leaves columns unused).
    if (a.study_quirks && int64_t(a.subarray_cols) * 4 > cap)
        throw input_error(tree.origin(), tree.where("array.cols"),
                          "the study's simulator (study.quirks) refuses a subarray wider than a quarter of its tile: "
                          "this network's widest layer has " + std::to_string(widest_columns) +
                              " columns, a tile of " + std::to_string(cap) + ", so at most " +
                              std::to_string(cap / 4) + " columns per subarray, not " +
                              std::to_string(a.subarray_cols));
    const int64_t pe_cols = int64_t(a.subarray_cols) * a.pe_subarrays;
    int tile_pes = a.tile_pes;
    while (tile_pes > 1 && pe_cols * tile_pes > cap) tile_pes /= 2;
    if (tile_pes == a.tile_pes) return a;
    tree.set("hierarchy.tile_pes", std::to_string(tile_pes), true);
    return load_arch_config(tree);
}

arch_config load_arch_config_file(const std::string& path) {
    auto tree = param_tree::from_yaml_file(path);
    return load_arch_config(tree);
}

arch_config default_arch_config() {
    auto empty = param_tree::from_yaml_text("{}", "the declared defaults");
    return load_arch_config(empty);
}

std::vector<core::param_info> declared_params(param_tree& tree) {
    core::param_registry r(tree);
    arch_config a;
    load(r, a);
    r.check_all_used();
    return r.declarations();
}

} // namespace pimscope
