#include "pimscope/interconnect/tile_wires.hpp"

namespace pimscope::modules {

tile_wires::tile_wires(sc_core::sc_module_name name, const pimscope::interconnect::interconnect_model& model, double clock_s,
                       const tile_wire_geometry& geometry, const pimscope::interconnect::tile_wire_work& per_window)
    : work_target(name, "interconnect"), m_model(model), m_clock_s(clock_s), m_geometry(geometry),
      m_work(per_window) {
    m_windows = mutable_stats().action("windows", "window", "windows whose bits crossed the tile and PE wires",
                                       "interconnect");
}

double tile_wires::serve(const work_extension& w) {
    const auto& g = m_geometry;
    mutable_stats().charge(m_windows, w.layer, w.windows,
                           m_model.tile_wires_energy_j(m_work, g.tile_pes, g.tile_pitch_m, g.pe_input_bus_m,
                                                       g.pe_output_bus_m));
    return w.windows * m_model.tile_wires_s(m_work, g.tile_pitch_m, m_clock_s);
}

} // namespace pimscope::modules
