#pragma once
// The integer maps the kernel reads. Here rather than in sw/ because the kernel is below
// sw/ (modules use it without sw); sw/ re-exports both names (sw/tensor.hpp).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pimscope::kernel {

struct shape3 {
    int c = 0, h = 0, w = 0;
    std::size_t size() const { return std::size_t(c) * h * w; }
    bool operator==(const shape3& o) const { return c == o.c && h == o.h && w == o.w; }
    bool operator!=(const shape3& o) const { return !(*this == o); }
};

// A C x H x W map of exact integers in CHW order.
struct tensor {
    shape3 shape;
    std::vector<int32_t> v;

    tensor() = default;
    explicit tensor(shape3 s, int32_t fill = 0) : shape(s), v(s.size(), fill) {}
    int32_t& at(int c, int y, int x) { return v[(std::size_t(c) * shape.h + y) * shape.w + x]; }
    int32_t at(int c, int y, int x) const {
        return v[(std::size_t(c) * shape.h + y) * shape.w + x];
    }
    bool operator==(const tensor& o) const { return shape == o.shape && v == o.v; }
};

} // namespace pimscope::kernel
