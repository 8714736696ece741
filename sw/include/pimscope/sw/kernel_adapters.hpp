#pragma once
// What the crossbar kernel (modules/core/kernel, below sw/) needs from sw's graph and the
// arch config, in the kernel's own terms. The platform and the functional mode both go
// through these, so a graph node means the same thing to both.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/kernel/analog.hpp"
#include "pimscope/kernel/digital_ops.hpp"
#include "pimscope/kernel/geometry.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/weights.hpp"

namespace pimscope::sw {

// The window geometry of a crossbar layer. Throws input_error naming the node when it is
// not one (not a conv/fc, or a full-precision one).
kernel::conv_geometry geometry_of(const node& n);

// A digital node (anything but input, conv and fc) as the output unit computes it; the
// parameters stay in `p`, which must outlive the result. Throws input_error for other nodes.
kernel::digital_op digital_op_of(const node& n, const node_params& p);
// Its geometry only (kind and pooling window): enough for its row dependencies.
kernel::digital_op digital_shape_of(const node& n);

// The device non-idealities the arch config asks for.
kernel::device_nonideality nonideality_of(const arch_config& arch);

} // namespace pimscope::sw
