#pragma once
// The host: writes each image into the chip's global buffer, row by row, as the first
// stage of the pipeline (it takes the first turn in layer-by-layer mode).
#include "pimscope/kernel/tensor.hpp"
#include "pimscope/tile/stage.hpp"

#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace pimscope::platform {

class host_source : public modules::stage {
public:
    tlm_utils::simple_initiator_socket<host_source> to_global_buffer;
    host_source(sc_core::sc_module_name name, const modules::stage_context& ctx,
                const std::vector<kernel::tensor>& images);

private:
    sc_core::sc_time compute_row(int node, int image, int row, sc_core::sc_time start) override;
    const std::vector<kernel::tensor>& m_images;
};

} // namespace pimscope::platform
