#pragma once
// The chip's global buffer in the study configuration: its cores feed the global bus in
// parallel, and each layer holds them for its share of the time (a time-division channel
// per layer). A transaction carries the bits a group of windows reads and writes.
#include "pimscope/buffer/buffer_model.hpp"
#include "pimscope/core/work_target.hpp"

namespace pimscope::modules {

class global_buffer : public work_target {
public:
    // cores: global-buffer cores working in parallel on the global bus.
    global_buffer(sc_core::sc_module_name name, const pimscope::buffer::buffer_model& model, double clock_s, double cores);

private:
    double serve(const work_extension& w) override;

    const pimscope::buffer::buffer_model& m_model;
    double m_clock_s, m_cores;
    core::stats_group::handle m_bits;
};

} // namespace pimscope::modules
