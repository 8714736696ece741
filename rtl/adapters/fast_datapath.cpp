// The fast co-simulation: pim_pe_datapath as a Verilated C++ model stepped inside the
// PE's b_transport. Verilator headers first (notes/toolchain.md).
#include "Vpim_pe_datapath.h"
#include "Vpim_pe_datapath_bug.h"
#include "Vpim_pe_datapath_fst.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "verilated_vcd_c.h"

#include "datapath_common.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/rtl/bits.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::rtl {

using namespace detail;

namespace {

VerilatedContext& context() {
    static VerilatedContext ctx;
    static const bool tracing = (ctx.traceEverOn(true), true);   // before any model exists
    (void)tracing;
    return ctx;
}

// Drives one Verilated datapath (any variant: same ports) over a plane's columns.
class stepper_base {
public:
    virtual ~stepper_base() = default;
    // Streams b's beats; fills b.out; returns the cycles. `start`/`period`: where the
    // model's cycles fall on the platform's time axis (for the trace only).
    virtual uint64_t run(plane_beats& b, int plane, int planes, const sc_core::sc_time& start,
                         const sc_core::sc_time& period) = 0;
};

// M: the Verilated model; T: its tracer (void: untraced).
template <class M, class T = void>
class stepper : public stepper_base {
public:
    stepper(const std::string& trace_file = "", uint64_t trace_limit = 0) : m(&context()) {
        if constexpr (!std::is_void_v<T>) {
            if (!trace_file.empty()) {
                m_trace = std::make_unique<T>();
                m.trace(m_trace.get(), 99);
                m_trace->set_time_unit("1ps");
                m_trace->set_time_resolution("1ps");
                m_trace->open(trace_file.c_str());
                if (!m_trace->isOpen())
                    throw input_error("", "--trace-rtl", "cannot write '" + trace_file + "'");
                m_trace_left = trace_limit;
            }
        }
        m.rst = 1;
        m.in_valid = 0;
        m.out_ready = 1;
        for (int i = 0; i < 2; ++i) tick();
        m.rst = 0;
    }
    ~stepper() override {
        if constexpr (!std::is_void_v<T>)
            if (m_trace) m_trace->close();
    }
    uint64_t run(plane_beats& b, int plane, int planes, const sc_core::sc_time& start,
                 const sc_core::sc_time& period) override {
        const auto& cols = b.cols;
        auto& out = b.out;
        const bool last = plane == planes - 1;
        std::size_t next = 0;
        std::size_t expected_out = last ? cols.size() : 0;
        uint64_t cycles = 0;
        int drain = 0;
        bool traced = false;
        uint64_t t0 = 0, p = 0;
        if constexpr (!std::is_void_v<T>) {
            traced = m_trace && m_trace_left > 0;
            if (traced) {
                t0 = std::max(to_ps(start), m_last_dump);
                p = std::max<uint64_t>(2, to_ps(period));
            }
        }
        m.in_shift = uint32_t(plane);
        m.in_first = plane == 0;
        m.in_last = last;
        m.out_ready = 1;
        const uint64_t bound = 4 * cols.size() + 64;   // a hung handshake must not hang the run
        while ((next < cols.size() || out.size() < expected_out || drain > 0) && cycles < bound) {
            if (next < cols.size()) {
                for (int i = 0; i < N; ++i)
                    put_bits(m.in_psums.data(), i * IN_W, IN_W, low_bits(b.slots[next * N + i], IN_W));
                m.in_col = uint32_t(cols[next]);
                m.in_valid = 1;
            } else {
                m.in_valid = 0;
            }
            m.clk = 0;
            m.eval();
            if constexpr (!std::is_void_v<T>)
                if (traced) dump(t0 + cycles * p);
            const bool in_fire = m.in_valid && m.in_ready;
            if (m.out_valid) out.emplace_back(int(m.out_col), int64_t(m.out_acc));
            m.clk = 1;
            m.eval();
            if constexpr (!std::is_void_v<T>)
                if (traced) dump(t0 + cycles * p + p / 2);
            ++cycles;
            if (drain > 0) --drain;
            if (in_fire && ++next == cols.size() && !last) drain = LEVELS + 1;
        }
        if constexpr (!std::is_void_v<T>)
            if (traced && --m_trace_left == 0) m_trace->close();
        return cycles;
    }

private:
    void tick() {
        m.clk = 0;
        m.eval();
        m.clk = 1;
        m.eval();
    }
    void dump(uint64_t t) {
        if constexpr (!std::is_void_v<T>) {
            m_trace->dump(t);
            m_last_dump = t + 1;
        }
    }
    M m;
    std::unique_ptr<std::conditional_t<std::is_void_v<T>, char, T>> m_trace;
    uint64_t m_trace_left = 0;
    uint64_t m_last_dump = 0;
};

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

// ---------------------------------------------------------------- shared (detail)

namespace detail {

uint64_t to_ps(const sc_core::sc_time& t) { return uint64_t(std::llround(t.to_seconds() * 1e12)); }

void plane_beats::gather(const modules::datapath_request& req) {
    const auto& ext = *req.ext;
    if (req.columns > COLS)
        throw input_error("", "", "--cosim pe.datapath=rtl: layer " + std::to_string(ext.layer) + " has " +
                          std::to_string(req.columns) + " columns; the RTL datapath holds " +
                          std::to_string(COLS) + " (rtl/CMakeLists.txt RTL_COL_W)");
    if (ext.planes > PLANES)
        throw input_error("", "", "--cosim pe.datapath=rtl: " + std::to_string(ext.planes) +
                          " input planes; the RTL shift-add handles " + std::to_string(PLANES));
    cols.clear();
    slots.clear();
    out.clear();
    const int64_t lim = int64_t(1) << (IN_W - 1);
    for (int c = 0; c < req.columns; ++c) {
        int used = 0;
        for (int i = 0; i < req.inputs; ++i) {
            if (c < req.col_begin[i] || c >= req.col_end[i]) continue;
            if (used == N)
                throw input_error("", "", "--cosim pe.datapath=rtl: " + std::string(req.pe) + " sums more than " +
                                  std::to_string(N) + " subarrays per column (rtl/CMakeLists.txt RTL_N)");
            if (used == 0) {
                cols.push_back(c);
                slots.resize(slots.size() + N, 0);
            }
            const int64_t v = req.psums[std::size_t(i) * req.columns + c];
            if (v < -lim || v >= lim)
                throw input_error("", "", "--cosim pe.datapath=rtl: a partial sum of " + std::to_string(v) +
                                  " does not fit the RTL's " + std::to_string(IN_W) + "-bit inputs");
            slots[slots.size() - N + used] = v;
            ++used;
        }
    }
}

void plane_checker::check(const modules::datapath_request& req, const plane_beats& b, uint64_t cycles) {
    const auto& ext = *req.ext;
    // The reference: what the behavioural PE adds, column by column.
    const bool last = ext.plane == ext.planes - 1;
    auto& st = m_report.layers[ext.layer];
    ++st.transactions;
    st.beats += b.cols.size();
    st.rtl_cycles += cycles;
    st.model_cycles += model_cycles(m_arch, ext.planes);
    m_expected.assign(std::size_t(req.columns), 0);
    for (std::size_t k = 0; k < b.cols.size(); ++k) {
        const int64_t s = m_ref.step(b.cols[k], adder_tree_ref(&b.slots[k * N], N), ext.plane,
                                     ext.plane == 0);
        m_expected[std::size_t(b.cols[k])] = s;
    }
    if (!last) return;

    auto mismatch = [&](int column, int64_t rtl, int64_t expected) {
        ++st.mismatches;
        if (m_report.has_mismatch) return;
        m_report.has_mismatch = true;
        m_report.first = cosim_mismatch{ext.layer, ext.image, ext.row, ext.x, column, req.pe, rtl, expected};
    };
    std::size_t k = 0;
    for (const auto& [col, acc] : b.out) {
        // Outputs leave in the order the columns went in.
        const int want_col = k < b.cols.size() ? b.cols[k] : -1;
        ++k;
        ++st.checked;
        if (col != want_col) {
            mismatch(want_col, acc, want_col >= 0 ? m_expected[std::size_t(want_col)] : 0);
            continue;
        }
        if (acc != m_expected[std::size_t(col)]) mismatch(col, acc, m_expected[std::size_t(col)]);
        // The chip carries the RTL's result on: a wrong RTL shows in the network's output.
        req.outputs[col] += acc;
    }
    // A column that never came out is a mismatch too (a hung handshake).
    for (; k < b.cols.size(); ++k) {
        ++st.checked;
        mismatch(b.cols[k], 0, m_expected[std::size_t(b.cols[k])]);
    }
}

} // namespace detail

// ---------------------------------------------------------------- report, fast mode

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
    std::unique_ptr<stepper_base> model;
    plane_checker checker;
    plane_beats beats;
    impl(const arch_config& a, cosim_report& r, bool broken, const std::string& trace, uint64_t limit)
        : checker(a, r) {
        if (broken) {
            if (!trace.empty())
                throw input_error("", "--trace-rtl", "the broken RTL variant is not traced");
            model = std::make_unique<stepper<Vpim_pe_datapath_bug>>();
        } else if (trace.empty() || ends_with(trace, ".vcd")) {
            model = std::make_unique<stepper<Vpim_pe_datapath, VerilatedVcdC>>(trace, limit);
        } else if (ends_with(trace, ".fst")) {
            model = std::make_unique<stepper<Vpim_pe_datapath_fst, VerilatedFstC>>(trace, limit);
        } else {
            throw input_error("", "--trace-rtl", "'" + trace + "': expected a .vcd or .fst file");
        }
    }
};

fast_datapath::fast_datapath(const arch_config& arch, cosim_report& report, bool broken,
                             const std::string& trace_file, uint64_t trace_limit)
    : m_impl(std::make_unique<impl>(arch, report, broken, trace_file, trace_limit)) {}
fast_datapath::~fast_datapath() = default;

uint64_t fast_datapath::process(const modules::datapath_request& req) {
    auto& d = *m_impl;
    d.beats.gather(req);
    const uint64_t cycles = d.model->run(d.beats, req.ext->plane, req.ext->planes, req.start, req.clock);
    d.checker.check(req, d.beats, cycles);
    return cycles;
}

} // namespace pimscope::rtl
