#include "pimscope/platform/host_source.hpp"

namespace pimscope::platform {

using sc_core::sc_time;

host_source::host_source(sc_core::sc_module_name name, const modules::stage_context& ctx,
                         const std::vector<kernel::tensor>& images, modules::buffer& global_buffer)
    : stage(name, ctx, {0}, 0), to_global_buffer("to_global_buffer"), m_images(images),
      m_global_buffer(global_buffer) {
    to_global_buffer.bind(global_buffer.in);
}

sc_time host_source::compute_row(int, int image, int row, sc_time start) {
    const modules::program_node& input = program(0);
    const kernel::shape3& shape = input.out;
    auto& dst = stream(0).image_data(image);
    const auto& src = m_images.at(std::size_t(image));
    for (int c = 0; c < shape.c; ++c)
        for (int x = 0; x < shape.w; ++x) dst.at(c, row, x) = src.at(c, row, x);

    if (row == 0 && image > 0)   // the previous image's rows are overwritten
        m_global_buffer.release(modules::map_row_address(0, image - 1, 0), modules::map_row_address(0, image, 0));
    kernel::encode_row(dst, row, input.wire, input.name, m_row);
    modules::transfer_extension ext;
    ext.layer = 0;
    ext.image = image;
    ext.bits = uint64_t(shape.c) * shape.w * element_bits(0);
    const sc_time done = modules::transfer_at(to_global_buffer, ext, start, tlm::TLM_WRITE_COMMAND,
                                              modules::map_row_address(0, image, row), m_row.data(),
                                              unsigned(m_row.size()));
    advance_to(done);
    return done;
}

} // namespace pimscope::platform
