#include "pimscope/buffer/global_buffer.hpp"

namespace pimscope::modules {

global_buffer::global_buffer(sc_core::sc_module_name name, const pimscope::buffer::buffer_model& model, double clock_s,
                             double cores)
    : work_target(name, "buffer", channels::per_layer), m_model(model), m_clock_s(clock_s), m_cores(cores) {
    m_bits = mutable_stats().action("bits", "bit", "bits read and written", "buffer");
}

double global_buffer::serve(const work_extension& w) {
    mutable_stats().charge(m_bits, w.layer, w.bits, m_model.global_energy_j(1.0));
    return m_model.global_transfer_s(w.bits, m_cores * w.banks, w.share, m_clock_s);
}

} // namespace pimscope::modules
