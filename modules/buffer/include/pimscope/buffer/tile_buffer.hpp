#pragma once
// A tile group's buffers in the study configuration: each phase transaction is a group of
// windows of the layer the group holds, whose inputs come in through the tile buffers'
// ports and whose partial sums (the PEs' and the tiles') go out one at a time. Programmed
// at elaboration with the layer's per-window work (chip::layer_work).
#include "pimscope/buffer/buffer_model.hpp"
#include "pimscope/core/work_target.hpp"

namespace pimscope::modules {

class tile_buffer : public work_target {
public:
    tile_buffer(sc_core::sc_module_name name, const pimscope::buffer::buffer_model& model, double clock_s,
                const pimscope::buffer::tile_buffer_work& per_window);

private:
    double serve(const work_extension& w) override;

    const pimscope::buffer::buffer_model& m_model;
    double m_clock_s;
    pimscope::buffer::tile_buffer_work m_work;
    core::stats_group::handle m_windows;
};

} // namespace pimscope::modules
