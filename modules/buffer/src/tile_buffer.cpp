#include "pimscope/buffer/tile_buffer.hpp"

namespace pimscope::modules {

tile_buffer::tile_buffer(sc_core::sc_module_name name, const pimscope::buffer::buffer_model& model, double clock_s,
                         const pimscope::buffer::tile_buffer_work& per_window)
    : work_target(name, "buffer"), m_model(model), m_clock_s(clock_s), m_work(per_window) {
    m_windows = mutable_stats().action("windows", "window", "windows whose inputs and partial sums it held",
                                       "buffer");
}

double tile_buffer::serve(const work_extension& w) {
    mutable_stats().charge(m_windows, w.layer, w.windows, m_model.tile_window_energy_j(m_work));
    return w.windows * m_model.tile_window_s(m_work, m_clock_s);
}

} // namespace pimscope::modules
