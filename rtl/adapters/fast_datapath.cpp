// The fast co-simulation: pim_pe_datapath as a Verilated C++ model stepped inside the
// PE's b_transport. Verilator headers first (notes/toolchain.md).
#include "Vpim_pe_datapath.h"
#include "Vpim_pe_datapath_bug.h"
#include "verilated.h"

#include "pimscope/common/error.hpp"
#include "pimscope/rtl/bits.hpp"
#include "pimscope/rtl/cosim.hpp"
#include "pimscope/rtl/reference.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace pimscope::rtl {

namespace {
constexpr int N = PIMSCOPE_RTL_N;
constexpr int IN_W = PIMSCOPE_RTL_IN_W;
constexpr int COLS = 1 << PIMSCOPE_RTL_COL_W;
constexpr int PLANES = 1 << PIMSCOPE_RTL_SHIFT_W;
constexpr int LEVELS = N <= 2 ? 1 : (N <= 4 ? 2 : (N <= 8 ? 3 : (N <= 16 ? 4 : (N <= 32 ? 5 : 6))));

VerilatedContext& context() {
    static VerilatedContext ctx;
    return ctx;
}

// Drives one Verilated datapath (either variant: same ports) over a plane's columns.
class stepper_base {
public:
    virtual ~stepper_base() = default;
    // beats: column, psum slots (N each); returns cycles; `emit` receives (column, acc).
    virtual uint64_t run(const std::vector<int>& cols, const std::vector<int64_t>& slots,
                         int plane, int planes, std::vector<std::pair<int, int64_t>>& out) = 0;
};

template <class M>
class stepper : public stepper_base {
public:
    stepper() : m(&context()) {
        m.rst = 1;
        m.in_valid = 0;
        m.out_ready = 1;
        for (int i = 0; i < 2; ++i) tick();
        m.rst = 0;
    }
    uint64_t run(const std::vector<int>& cols, const std::vector<int64_t>& slots, int plane,
                 int planes, std::vector<std::pair<int, int64_t>>& out) override {
        const bool last = plane == planes - 1;
        std::size_t next = 0;
        std::size_t expected_out = last ? cols.size() : 0;
        uint64_t cycles = 0;
        int drain = 0;
        m.in_shift = uint32_t(plane);
        m.in_first = plane == 0;
        m.in_last = last;
        m.out_ready = 1;
        const uint64_t bound = 4 * cols.size() + 64;   // a hung handshake must not hang the run
        while ((next < cols.size() || out.size() < expected_out || drain > 0) && cycles < bound) {
            if (next < cols.size()) {
                for (int i = 0; i < N; ++i)
                    put_bits(m.in_psums.data(), i * IN_W, IN_W, low_bits(slots[next * N + i], IN_W));
                m.in_col = uint32_t(cols[next]);
                m.in_valid = 1;
            } else {
                m.in_valid = 0;
            }
            m.clk = 0;
            m.eval();
            const bool in_fire = m.in_valid && m.in_ready;
            if (m.out_valid) out.emplace_back(int(m.out_col), int64_t(m.out_acc));
            m.clk = 1;
            m.eval();
            ++cycles;
            if (drain > 0) --drain;
            if (in_fire && ++next == cols.size() && !last) drain = LEVELS + 1;
        }
        return cycles;
    }

private:
    void tick() {
        m.clk = 0;
        m.eval();
        m.clk = 1;
        m.eval();
    }
    M m;
};
} // namespace

uint64_t cosim_report::mismatches() const {
    uint64_t n = 0;
    for (const auto& [k, s] : layers) n += s.mismatches;
    return n;
}
uint64_t cosim_report::checked() const {
    uint64_t n = 0;
    for (const auto& [k, s] : layers) n += s.checked;
    return n;
}

int rtl_tree_levels() { return LEVELS; }
int rtl_inputs() { return N; }

uint64_t model_cycles(const arch_config& arch, int planes) {
    double s = arch.adder_tree_op.latency_s + (planes > 1 ? arch.shift_add_op.latency_s : 0.0);
    return uint64_t(std::llround(std::ceil(s / arch.clock_period_s - 1e-9)));
}

struct fast_datapath::impl {
    const arch_config& arch;
    cosim_report& report;
    std::unique_ptr<stepper_base> model;
    shift_add_ref ref{COLS};
    std::vector<int> cols;
    std::vector<int64_t> slots;
    std::vector<int64_t> tree_in;
    std::vector<std::pair<int, int64_t>> out;
    std::vector<int64_t> expected;   // per column, at the last plane
    impl(const arch_config& a, cosim_report& r, bool broken) : arch(a), report(r) {
        if (broken)
            model = std::make_unique<stepper<Vpim_pe_datapath_bug>>();
        else
            model = std::make_unique<stepper<Vpim_pe_datapath>>();
    }
};

fast_datapath::fast_datapath(const arch_config& arch, cosim_report& report, bool broken)
    : m_impl(std::make_unique<impl>(arch, report, broken)) {}
fast_datapath::~fast_datapath() = default;

uint64_t fast_datapath::process(const modules::datapath_request& req) {
    auto& d = *m_impl;
    const auto& ext = *req.ext;
    if (req.columns > COLS)
        throw input_error("", "", "--cosim pe.datapath=rtl: layer " + std::to_string(ext.layer) + " has " +
                          std::to_string(req.columns) + " columns; the RTL datapath holds " +
                          std::to_string(COLS) + " (rtl/CMakeLists.txt RTL_COL_W)");
    if (ext.planes > PLANES)
        throw input_error("", "", "--cosim pe.datapath=rtl: " + std::to_string(ext.planes) +
                          " input planes; the RTL shift-add handles " + std::to_string(PLANES));
    // One beat per column held by at least one input; the inputs holding a column feed
    // the tree's first slots (the rest are 0).
    d.cols.clear();
    d.slots.clear();
    const int64_t lim = int64_t(1) << (IN_W - 1);
    for (int c = 0; c < req.columns; ++c) {
        int used = 0;
        for (int i = 0; i < req.inputs; ++i) {
            if (c < req.col_begin[i] || c >= req.col_end[i]) continue;
            if (used == N)
                throw input_error("", "", "--cosim pe.datapath=rtl: " + std::string(req.pe) + " sums more than " +
                                  std::to_string(N) + " subarrays per column (rtl/CMakeLists.txt RTL_N)");
            if (used == 0) {
                d.cols.push_back(c);
                d.slots.resize(d.slots.size() + N, 0);
            }
            const int64_t v = req.psums[std::size_t(i) * req.columns + c];
            if (v < -lim || v >= lim)
                throw input_error("", "", "--cosim pe.datapath=rtl: a partial sum of " + std::to_string(v) +
                                  " does not fit the RTL's " + std::to_string(IN_W) + "-bit inputs");
            d.slots[d.slots.size() - N + used] = v;
            ++used;
        }
    }
    d.out.clear();
    const uint64_t cycles = d.model->run(d.cols, d.slots, ext.plane, ext.planes, d.out);

    // The reference: what the behavioural PE adds, column by column.
    const bool last = ext.plane == ext.planes - 1;
    auto& st = d.report.layers[ext.layer];
    ++st.transactions;
    st.beats += d.cols.size();
    st.rtl_cycles += cycles;
    st.model_cycles += model_cycles(d.arch, ext.planes);
    d.expected.assign(std::size_t(req.columns), 0);
    for (std::size_t b = 0; b < d.cols.size(); ++b) {
        const int64_t s = d.ref.step(d.cols[b], adder_tree_ref(&d.slots[b * N], N), ext.plane,
                                     ext.plane == 0);
        d.expected[std::size_t(d.cols[b])] = s;
    }
    if (!last) return cycles;

    auto mismatch = [&](int column, int64_t rtl, int64_t expected) {
        ++st.mismatches;
        if (d.report.has_mismatch) return;
        d.report.has_mismatch = true;
        d.report.first = cosim_mismatch{ext.layer, ext.image, ext.row, ext.x, column, req.pe, rtl, expected};
    };
    std::size_t k = 0;
    for (const auto& [col, acc] : d.out) {
        // Outputs leave in the order the columns went in.
        const int want_col = k < d.cols.size() ? d.cols[k] : -1;
        ++k;
        ++st.checked;
        if (col != want_col) {
            mismatch(want_col, acc, want_col >= 0 ? d.expected[std::size_t(want_col)] : 0);
            continue;
        }
        if (acc != d.expected[std::size_t(col)]) mismatch(col, acc, d.expected[std::size_t(col)]);
        // The chip carries the RTL's result on: a wrong RTL shows in the network's output.
        req.outputs[col] += acc;
    }
    return cycles;
}

} // namespace pimscope::rtl
