#pragma once
// What both co-simulation modes share (internal to rtl/adapters): the RTL's sizes, the
// beats one plane streams through the datapath, the check of the RTL's column sums
// against the behavioural reference, and the time mapping of the RTL traces.
// Include after the Verilator headers (notes/toolchain.md).
#include "pimscope/rtl/cosim.hpp"
#include "pimscope/rtl/reference.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::rtl::detail {

constexpr int N = PIMSCOPE_RTL_N;
constexpr int IN_W = PIMSCOPE_RTL_IN_W;
constexpr int COLS = 1 << PIMSCOPE_RTL_COL_W;
constexpr int PLANES = 1 << PIMSCOPE_RTL_SHIFT_W;
constexpr int LEVELS = N <= 2 ? 1 : (N <= 4 ? 2 : (N <= 8 ? 3 : (N <= 16 ? 4 : (N <= 32 ? 5 : 6))));

// One plane's work for the RTL: one beat per column held by at least one input; the
// inputs holding a column feed the tree's first slots (the rest are 0).
struct plane_beats {
    std::vector<int> cols;
    std::vector<int64_t> slots;                  // N per beat
    std::vector<std::pair<int, int64_t>> out;    // (column, sum) as the RTL emitted them
    void gather(const modules::datapath_request& req);   // throws input_error
};

// The behavioural reference of one PE's datapath and the bookkeeping of a call.
class plane_checker {
public:
    plane_checker(const arch_config& arch, cosim_report& report) : m_arch(arch), m_report(report) {}
    // After the RTL ran `b` (cycles clocks): counts, compares the column sums at the last
    // plane, and adds the RTL's sums to the window's outputs (the chip carries them on).
    void check(const modules::datapath_request& req, const plane_beats& b, uint64_t cycles);

private:
    const arch_config& m_arch;
    cosim_report& m_report;
    shift_add_ref m_ref{COLS};
    std::vector<int64_t> m_expected;
};

// Picoseconds of a simulated time (trace timestamps; the traces' resolution is 1 ps).
uint64_t to_ps(const sc_core::sc_time& t);

} // namespace pimscope::rtl::detail
