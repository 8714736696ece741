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

kernel::digital_op digital_op_of(const node& n, const node_params& p) {
    kernel::digital_op op = digital_shape_of(n);
    if (n.kind == op_kind::batchnorm) {
        op.mul = &p.mul;
        op.add = &p.add;
        op.shift = p.shift;
    } else if (n.kind == op_kind::threshold) {
        op.thr = &p.thr;
        op.dir = &p.dir;
    } else if (op.kind == kernel::digital_kind::conv) {
        op.weights = &p.weights;
    }
    return op;
}

kernel::digital_op digital_shape_of(const node& n) {
    kernel::digital_op op;
    op.name = n.name;
    op.kernel = n.kernel;
    op.stride = n.stride;
    op.pad = n.pad;
    op.bits = n.bits;
    switch (n.kind) {
    case op_kind::batchnorm: op.kind = kernel::digital_kind::batchnorm; break;
    case op_kind::threshold: op.kind = kernel::digital_kind::threshold; break;
    case op_kind::sign: op.kind = kernel::digital_kind::sign; break;
    case op_kind::relu: op.kind = kernel::digital_kind::relu; break;
    case op_kind::maxpool: op.kind = kernel::digital_kind::maxpool; break;
    case op_kind::avgpool: op.kind = kernel::digital_kind::avgpool; break;
    case op_kind::global_avgpool: op.kind = kernel::digital_kind::global_avgpool; break;
    case op_kind::add: op.kind = kernel::digital_kind::add; break;
    case op_kind::concat: op.kind = kernel::digital_kind::concat; break;
    case op_kind::flatten: op.kind = kernel::digital_kind::flatten; break;
    case op_kind::conv:
    case op_kind::fc:
        // A multi-bit (integer-weight) layer runs in a digital unit; binary ones on crossbars.
        if (n.binary) fail(n, std::string("a binary ") + to_string(n.kind) + " layer is not a digital operator");
        op.kind = kernel::digital_kind::conv;
        op.out_channels = n.out_channels;
        op.fc = n.kind == op_kind::fc;
        break;
    case op_kind::input:
        fail(n, std::string("a ") + to_string(n.kind) + " node is not a digital operator");
    }
    return op;
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
