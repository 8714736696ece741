#pragma once
// The global bus and the chip H-tree between the global buffer and the tiles, in the study
// configuration. The bus has wires for every tile, so each layer has its own channel. A
// transfer takes bits / width pipelined cycles that grow with the tile pitch; energy is
// charged for whole bus widths: a layer's bits are packed into bus words, and the last,
// partly filled word is charged when the layer flushes.
#include "pimscope/core/work_target.hpp"
#include "pimscope/interconnect/interconnect_model.hpp"

#include <map>

namespace pimscope::modules {

class global_bus : public work_target {
public:
    global_bus(sc_core::sc_module_name name, const pimscope::interconnect::interconnect_model& model, double clock_s,
               double bus_bits, int tiles, double tile_pitch_m);

private:
    double serve(const work_extension& w) override;

    const pimscope::interconnect::interconnect_model& m_model;
    double m_clock_s, m_bus_bits;
    int m_tiles;
    double m_tile_pitch_m;
    std::map<int, double> m_pending_bits, m_charged_words;   // per layer
    core::stats_group::handle m_words;
};

} // namespace pimscope::modules
