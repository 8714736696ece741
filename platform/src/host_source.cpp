#include "pimscope/platform/host_source.hpp"

namespace pimscope::platform {

using sc_core::sc_time;

host_source::host_source(sc_core::sc_module_name name, const modules::stage_context& ctx,
                         const std::vector<kernel::tensor>& images)
    : stage(name, ctx, {0}, 0), to_global_buffer("to_global_buffer"), m_images(images) {}

sc_time host_source::compute_row(int, int image, int row, sc_time start) {
    const kernel::shape3& shape = program(0).out;
    auto& dst = stream(0).image_data(image);
    const auto& src = m_images.at(std::size_t(image));
    for (int c = 0; c < shape.c; ++c)
        for (int x = 0; x < shape.w; ++x) dst.at(c, row, x) = src.at(c, row, x);

    modules::transfer_extension ext;
    ext.layer = 0;
    ext.image = image;
    ext.bits = uint64_t(shape.c) * shape.w * element_bits(0);
    const sc_time done = modules::transfer_at(to_global_buffer, ext, start, tlm::TLM_WRITE_COMMAND);
    advance_to(done);
    return done;
}

} // namespace pimscope::platform
