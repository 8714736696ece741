#pragma once
// The host: writes each image into the chip's global buffer, row by row, as the first
// stage of the pipeline (it takes the first turn in layer-by-layer mode), and sends the
// rows on to the stages that read the network input.
#include "pimscope/kernel/tensor.hpp"
#include "pimscope/tile/stage.hpp"

#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace pimscope::platform {

class host_source : public modules::stage {
public:
    tlm_utils::simple_initiator_socket<host_source> to_global_buffer;
    // Binds to `global_buffer`, whose rows of an image it overwrites with the next image's.
    host_source(sc_core::sc_module_name name, const modules::stage_context& ctx,
                const std::vector<kernel::tensor>& images, modules::buffer& global_buffer);

private:
    sc_core::sc_time compute_row(int node, int image, int row, sc_core::sc_time start) override;
    const std::vector<kernel::tensor>& m_images;
    modules::buffer& m_global_buffer;
    std::vector<uint8_t> m_row;
};

} // namespace pimscope::platform
