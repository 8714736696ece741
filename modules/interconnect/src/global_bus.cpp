#include "pimscope/interconnect/global_bus.hpp"

#include <cmath>

namespace pimscope::modules {

global_bus::global_bus(sc_core::sc_module_name name, const pimscope::interconnect::interconnect_model& model,
                       double clock_s, double bus_bits, int tiles, double tile_pitch_m)
    : work_target(name, "interconnect", channels::per_layer), m_model(model), m_clock_s(clock_s),
      m_bus_bits(bus_bits), m_tiles(tiles), m_tile_pitch_m(tile_pitch_m) {
    m_words = mutable_stats().action("bus_words", "word", "bus-wide words over the chip H-tree", "interconnect");
}

double global_bus::serve(const work_extension& w) {
    double& pending = m_pending_bits[w.layer];
    double& charged = m_charged_words[w.layer];
    pending += w.bits;
    const double words = w.flush ? std::ceil(pending / m_bus_bits - 1e-9) : std::floor(pending / m_bus_bits);
    const double fresh = words - charged;
    charged = words;
    mutable_stats().charge(m_words, w.layer, fresh, m_model.htree_energy_j(m_bus_bits, m_tiles, m_tile_pitch_m));
    return m_model.global_bus_s(w.bits, m_bus_bits, m_tiles, m_tile_pitch_m, m_clock_s);
}

} // namespace pimscope::modules
