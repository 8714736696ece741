#pragma once
// Behavioural reference of the PE's digital datapath, bit for bit what the RTL in rtl/
// must compute. It is the platform's own arithmetic: the PE sums its subarrays' partial
// sums (2*count - active), the shift-add weighs plane b by kernel::plane_scale(b), and the
// threshold unit applies the golden reference's dir * x >= thr.
#include "pimscope/kernel/input_encoding.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::rtl {

inline int64_t adder_tree_ref(const int64_t* psums, int n) {
    int64_t s = 0;
    for (int i = 0; i < n; ++i) s += psums[i];
    return s;
}

// One accumulator per column, as the RTL's register file.
class shift_add_ref {
public:
    explicit shift_add_ref(int columns) : m_acc(std::size_t(columns), 0) {}
    // Adds the plane's weighted partial sum; returns the column's running sum.
    int64_t step(int column, int64_t psum, int plane, bool first) {
        int64_t& a = m_acc.at(std::size_t(column));
        if (first) a = 0;
        // Two's-complement wrap like the hardware's ACC_W-bit adder (never reached by
        // real sums; the random tests include the extremes).
        a = int64_t(uint64_t(a) + uint64_t(psum) * uint64_t(kernel::plane_scale(plane)));
        return a;
    }

private:
    std::vector<int64_t> m_acc;
};

// +1 (true) or -1 (false), as sw's golden threshold: int64_t(dir) * x >= thr.
inline bool threshold_ref(int64_t x, int dir, int64_t thr) { return int64_t(dir) * x >= thr; }

} // namespace pimscope::rtl
