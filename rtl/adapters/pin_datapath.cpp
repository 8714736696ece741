// The pin-level co-simulation: pim_pe_datapath as a Verilated SystemC module, driven
// through its valid/ready pins by a TLM-to-pin transactor that runs inside the PE's
// b_transport (the calling stage's SC_THREAD, the one process that drives the pins).
//
// Clocking, for speed: the chip has one free-running sc_clock; every PE's RTL gets a
// clock gated from it that the transactor toggles only while a transaction runs, so an
// idle RTL costs nothing. Per cycle: at the falling edge the transactor lowers the gated
// clock and drives the beat; at the rising edge it samples in_ready / out_valid (the
// values settled before the edge, as registers see them) and raises the gated clock.
// Verilator headers first (notes/toolchain.md).
#include "Vpim_pe_datapath_sc.h"
#include "Vpim_pe_datapath_sc_fst.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "verilated_vcd_c.h"

#include "datapath_common.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/rtl/bits.hpp"

#include <memory>
#include <string>
#include <type_traits>

namespace pimscope::rtl {

using namespace detail;

namespace {

constexpr int PSUM_W = N * IN_W;

class pin_base : public modules::pe_datapath {
public:
    virtual void close_trace() = 0;
};

// M: the Verilated SystemC model; T: its tracer.
template <class M, class T>
class pin_datapath : public sc_core::sc_module, public pin_base {
public:
    pin_datapath(sc_core::sc_module_name name, const arch_config& arch, cosim_report& report,
                 const sc_core::sc_signal_in_if<bool>& clock, const std::string& trace_file,
                 uint64_t trace_limit)
        : sc_module(name), m_clock(clock),
          m_checker(arch, report), m_rtl("rtl"), m_trace_file(trace_file), m_trace_left(trace_limit) {
        m_rtl.clk(m_clk);
        m_rtl.rst(m_rst);
        m_rtl.in_valid(m_in_valid);
        m_rtl.in_ready(m_in_ready);
        m_rtl.in_psums(m_in_psums);
        m_rtl.in_col(m_in_col);
        m_rtl.in_shift(m_in_shift);
        m_rtl.in_first(m_in_first);
        m_rtl.in_last(m_in_last);
        m_rtl.out_valid(m_out_valid);
        m_rtl.out_ready(m_out_ready);
        m_rtl.out_acc(m_out_acc);
        m_rtl.out_col(m_out_col);
        if (!m_trace_file.empty()) m_trace = std::make_unique<T>();
    }
    ~pin_datapath() override { close_trace(); }

    void close_trace() override {
        if (m_trace && m_trace->isOpen()) m_trace->close();
    }

    uint64_t process(const modules::datapath_request& req) override {
        m_beats.gather(req);
        const uint64_t cycles = transact(req);
        m_checker.check(req, m_beats, cycles);
        return cycles;
    }

private:
    // Leave temporal decoupling: the pins are touched at the transaction's own time.
    void sync_to(const sc_core::sc_time& start) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        if (start > now) sc_core::wait(start - now);
    }
    void falling() {
        sc_core::wait(m_clock.negedge_event());
        m_clk.write(false);
    }
    void rising() {
        sc_core::wait(m_clock.posedge_event());
    }
    // Lets the RTL evaluate what was just driven (two deltas: it runs in the next one),
    // then records its state at this edge.
    void dump() {
        sc_core::wait(sc_core::SC_ZERO_TIME);
        sc_core::wait(sc_core::SC_ZERO_TIME);
        m_trace->dump(to_ps(sc_core::sc_time_stamp()));
    }

    void reset_once() {
        if (m_reset_done) return;
        m_reset_done = true;
        if (m_trace) {
            m_rtl.trace(m_trace.get(), 99);
            m_trace->set_time_unit("1ps");
            m_trace->set_time_resolution("1ps");
            m_trace->open(m_trace_file.c_str());
            if (!m_trace->isOpen())
                throw input_error("", "--trace-rtl", "cannot write '" + m_trace_file + "'");
        }
        m_out_ready.write(true);
        m_in_valid.write(false);
        m_rst.write(true);
        for (int i = 0; i < 2; ++i) {
            falling();
            rising();
            m_clk.write(true);
        }
        falling();
        m_rst.write(false);
    }

    uint64_t transact(const modules::datapath_request& req) {
        const auto& ext = *req.ext;
        const auto& cols = m_beats.cols;
        auto& out = m_beats.out;
        sync_to(req.start);
        reset_once();
        const bool traced = m_trace && m_trace_left > 0;
        const bool last = ext.plane == ext.planes - 1;
        m_in_shift.write(uint32_t(ext.plane));
        m_in_first.write(ext.plane == 0);
        m_in_last.write(last);
        std::size_t next = 0;
        const std::size_t expected_out = last ? cols.size() : 0;
        uint64_t cycles = 0;
        int drain = 0;
        bool first_cycle = true;
        const uint64_t bound = 4 * cols.size() + 64;   // a hung handshake must not hang the run
        while ((next < cols.size() || out.size() < expected_out || drain > 0) && cycles < bound) {
            // Falling edge (the reset left us just after one): drive the beat.
            if (!first_cycle || !m_after_fall) falling();
            first_cycle = false;
            m_after_fall = false;
            const bool valid = next < cols.size();
            if (valid) {
                sc_dt::sc_bv<PSUM_W> v;
                for (int i = 0; i < N; ++i)
                    v.range(i * IN_W + IN_W - 1, i * IN_W) =
                        static_cast<unsigned long long>(low_bits(m_beats.slots[next * N + i], IN_W));
                m_in_psums.write(v);
                m_in_col.write(uint32_t(cols[next]));
            }
            m_in_valid.write(valid);
            if (traced) dump();
            // Rising edge: sample the handshakes as the registers see them, then clock.
            rising();
            const bool in_fire = valid && m_in_ready.read();
            if (m_out_valid.read()) out.emplace_back(int(m_out_col.read()), int64_t(m_out_acc.read()));
            m_clk.write(true);
            if (traced) dump();
            ++cycles;
            if (drain > 0) --drain;
            if (in_fire && ++next == cols.size() && !last) drain = LEVELS + 1;
        }
        if (traced && --m_trace_left == 0) close_trace();
        return cycles;
    }

    const sc_core::sc_signal_in_if<bool>& m_clock;
    plane_checker m_checker;
    plane_beats m_beats;
    sc_core::sc_signal<bool> m_clk{"clk"}, m_rst{"rst"}, m_in_valid{"in_valid"}, m_in_ready{"in_ready"},
        m_in_first{"in_first"}, m_in_last{"in_last"}, m_out_valid{"out_valid"}, m_out_ready{"out_ready"};
    sc_core::sc_signal<sc_dt::sc_bv<PSUM_W>> m_in_psums{"in_psums"};
    sc_core::sc_signal<uint32_t> m_in_col{"in_col"}, m_in_shift{"in_shift"}, m_out_col{"out_col"};
    sc_core::sc_signal<uint64_t> m_out_acc{"out_acc"};
    M m_rtl;
    std::string m_trace_file;
    std::unique_ptr<T> m_trace;
    uint64_t m_trace_left;
    bool m_reset_done = false;
    bool m_after_fall = true;   // the reset ends just after a falling edge
};

bool is_fst(const std::string& f) { return f.size() >= 4 && f.compare(f.size() - 4, 4, ".fst") == 0; }

} // namespace

std::unique_ptr<modules::pe_datapath> make_pin_datapath(const std::string& name, const arch_config& arch,
                                                        cosim_report& report,
                                                        const sc_core::sc_signal_in_if<bool>& clock,
                                                        const std::string& trace_file, uint64_t trace_limit) {
    static const bool tracing = (Verilated::traceEverOn(true), true);   // before any model exists
    (void)tracing;
    if (is_fst(trace_file))
        return std::make_unique<pin_datapath<Vpim_pe_datapath_sc_fst, VerilatedFstC>>(
            name.c_str(), arch, report, clock, trace_file, trace_limit);
    return std::make_unique<pin_datapath<Vpim_pe_datapath_sc, VerilatedVcdC>>(
        name.c_str(), arch, report, clock, trace_file, trace_limit);
}

} // namespace pimscope::rtl
