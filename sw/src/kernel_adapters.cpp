#include "pimscope/sw/kernel_adapters.hpp"

#include "pimscope/common/error.hpp"

#include <string>

namespace pimscope::sw {
namespace {

[[noreturn]] void fail(const node& n, const std::string& what) {
    throw input_error("", "node '" + n.name + "'", what);
}

} // namespace

kernel::conv_geometry geometry_of(const node& n) {
    if (n.kind != op_kind::conv && n.kind != op_kind::fc)
        fail(n, "only conv/fc layers use crossbars");
    if (!n.binary) fail(n, "a full-precision layer is not mapped on crossbars");
    kernel::conv_geometry g;
    g.name = n.name;
    g.fc = n.kind == op_kind::fc;
    g.out_channels = n.out_channels;
    g.kernel = n.kernel;
    g.stride = n.stride;
    g.pad = n.pad;
    g.pad_value = n.pad_value;
    return g;
}

kernel::device_nonideality nonideality_of(const arch_config& arch) {
    kernel::device_nonideality d;
    d.on_off_ratio = arch.on_off_ratio;
    d.variation_sigma = arch.variation_sigma;
    d.read_noise_sigma = arch.read_noise_sigma;
    d.stuck_on_rate = arch.stuck_on_rate;
    d.stuck_off_rate = arch.stuck_off_rate;
    d.seed = arch.nonideal_seed;
    return d;
}

} // namespace pimscope::sw
