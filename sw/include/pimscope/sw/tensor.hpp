#pragma once
#include "pimscope/sw/graph.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::sw {

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

} // namespace pimscope::sw
