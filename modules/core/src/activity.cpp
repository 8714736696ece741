#include "pimscope/core/activity.hpp"

namespace pimscope::modules {

const char* to_string(action a) {
    switch (a) {
    case action::subarray_read: return "subarray_read";
    case action::adc_conversion: return "adc_conversion";
    case action::adder_tree: return "adder_tree";
    case action::shift_add: return "shift_add";
    case action::accumulation: return "accumulation";
    case action::buffer_bits: return "buffer_bits";
    case action::link_bit_hops: return "link_bit_hops";
    case action::activation: return "activation";
    case action::pooling: return "pooling";
    case action::eltwise: return "eltwise";
    case action::count_: break;
    }
    return "?";
}

} // namespace pimscope::modules
