#include "deployment.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/input.hpp"

namespace pimscope::app {

sw::network_params deployed_params(const sw::graph& g, const sw::network_params& p, const arch_config& arch) {
    sw::network_params params = p;
    if (arch.rescale_first_thresholds && arch.input_bits != 8) {
        if (arch.input_scheme != "unsigned")
            throw input_error(arch.source, "input.rescale_first_thresholds",
                              "needs input.scheme=unsigned (8-bit pixels scaled to n bits)");
        sw::rescale_first_layer_thresholds(g, params, double((1 << arch.input_bits) - 1) / 255.0);
    }
    return params;
}

std::string calibration_spec(const std::string& spec) {
    return spec.rfind("fashion-mnist", 0) == 0 ? "fashion-mnist:train" : spec;
}

} // namespace pimscope::app
