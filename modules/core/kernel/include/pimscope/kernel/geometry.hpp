#pragma once
// What the kernel needs to know about a crossbar layer: the window it reads and how many
// columns it has. The kernel takes this instead of the graph's node so that it stays
// below sw/; sw::geometry_of (sw/kernel_adapters.hpp) builds it from a node.
#include <string>

namespace pimscope::kernel {

struct conv_geometry {
    std::string name;        // the layer, for messages ("node '<name>': ...")
    // Fully connected: the window is the whole input map in CHW order (kernel, stride,
    // pad and pad_value unused); else a square conv window.
    bool fc = false;
    int out_channels = 0;    // crossbar columns
    int kernel = 1;
    int stride = 1;
    int pad = 0;
    // Value of padded input elements: 0 (neither row driven), +1 or -1.
    int pad_value = 0;
};

} // namespace pimscope::kernel
