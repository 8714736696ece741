#include "common_options.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/error.hpp"
#ifdef PIMSCOPE_HAVE_RTL
#include "pimscope/rtl/cosim.hpp"
#endif

namespace pimscope::app {

void add_common(CLI::App* cmd, common_options& o) {
    cmd->add_option("--arch", o.arch, "Architecture config (YAML)")->capture_default_str();
    cmd->add_option("--net", o.net, "Network (YAML or NeuroSim NetWork.csv)")->capture_default_str();
    cmd->add_option("--set", o.sets, "Override an arch parameter: key=value (repeatable)");
    o.adc_bits_given = cmd->add_option("--adc-bits", o.adc_bits, "ADC resolution (overrides adc.bits)");
    o.input_bits_given = cmd->add_option("--input-bits", o.input_bits,
                    "First-layer input precision (overrides input.bits)");
    o.mode_given = cmd->add_option("--mode", o.mode, "pipelined | layer (overrides pipeline.mode)");
    cmd->add_option("--input-size", o.input_size,
                    "Run the network on N x N input images instead of its own size")
        ->check(positive_count());
}

CLI::Validator positive_count(long long max) {
    return CLI::Validator(
        [max](std::string& text) {
            std::size_t used = 0;
            long long v = 0;
            try {
                v = std::stoll(text, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != text.size() || v < 1 || v > max)
                return "expected a whole number from 1 to " + std::to_string(max) + ", got '" + text + "'";
            return std::string();
        },
        "N >= 1");
}

arch_config load_arch(const common_options& o, int widest_columns) {
    auto tree = param_tree::from_yaml_file(o.arch);
    for (const auto& s : o.sets) tree.set_override(s);
    if (o.adc_bits_given->count()) tree.set_from_option("adc.bits", std::to_string(o.adc_bits), "--adc-bits");
    if (o.input_bits_given->count())
        tree.set_from_option("input.bits", std::to_string(o.input_bits), "--input-bits");
    if (o.mode_given->count()) tree.set_from_option("pipeline.mode", o.mode, "--mode");
    if (o.study_quirks) tree.set("study.quirks", "true", true);
    if (!o.cosim.empty()) {
#ifdef PIMSCOPE_HAVE_RTL
        // --cosim is a shorthand for the PE datapath's parameters.
        for (const auto& [key, value] : rtl::cosim_settings(rtl::parse_cosim(o.cosim)))
            tree.set_from_option(key, value, "--cosim");
#else
        throw input_error("", "--cosim", "this pimscope was built without Verilator (no RTL co-simulation)");
#endif
    }
    return load_arch_config_for_network(tree, widest_columns);
}

} // namespace pimscope::app
