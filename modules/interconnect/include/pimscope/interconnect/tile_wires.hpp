#pragma once
// A tile group's wires in the study configuration: the tile H-tree carrying inputs to the
// PEs and partial sums back, and the PE buses. Programmed at elaboration with the layer's
// per-window work; a transaction is a group of windows.
#include "pimscope/core/work_target.hpp"
#include "pimscope/interconnect/interconnect_model.hpp"

namespace pimscope::modules {

// Where the wires run: the tile's PE grid and pitch, the PE buses' lengths.
struct tile_wire_geometry {
    int tile_pes = 1;
    double tile_pitch_m = 0, pe_input_bus_m = 0, pe_output_bus_m = 0;
};

class tile_wires : public work_target {
public:
    tile_wires(sc_core::sc_module_name name, const pimscope::interconnect::interconnect_model& model, double clock_s,
               const tile_wire_geometry& geometry, const pimscope::interconnect::tile_wire_work& per_window);

private:
    double serve(const work_extension& w) override;

    const pimscope::interconnect::interconnect_model& m_model;
    double m_clock_s;
    tile_wire_geometry m_geometry;
    pimscope::interconnect::tile_wire_work m_work;
    core::stats_group::handle m_windows;
};

} // namespace pimscope::modules
