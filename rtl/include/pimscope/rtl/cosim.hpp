#pragma once
// RTL co-simulation of the PE datapath inside the platform. The Verilated models stay
// behind this header (their headers are included only in rtl/adapters/*.cpp).
//
//   fast: the Verilated C++ model of pim_pe_datapath, stepped inside the PE's
//         b_transport, one model per PE; its cycle count is the annotated delay.
//   pins: the Verilated SystemC module driven through valid/ready pins by a transactor
//         on an sc_clock (see pin_datapath below).
//
// Both check every column sum against the behavioural reference (rtl/reference.hpp)
// and keep the first mismatch, and count the cycles of both models per layer.
//
// Cycle accounting (the documented difference with the behavioural PE): the
// behavioural PE charges one adder-tree operation (adder_tree_op.latency) per plane
// plus, for multi-plane windows, one shift-add (shift_add_op.latency), whatever the
// number of columns. The RTL streams one column per clock through a pipelined tree of
// LEVELS = ceil(log2 N) register levels and a one-cycle shift-add, so a plane of C
// columns takes C + LEVELS + 1 cycles.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/pe/pe.hpp"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pimscope::sw { struct graph; }

namespace pimscope::rtl {

struct cosim_layer_stats {
    uint64_t transactions = 0;       // PE datapath calls (one per plane per PE)
    uint64_t beats = 0;              // columns streamed through the RTL
    uint64_t rtl_cycles = 0;
    uint64_t model_cycles = 0;       // the behavioural PE's cycles for the same work
    uint64_t checked = 0;            // column sums compared
    uint64_t mismatches = 0;
};

struct cosim_mismatch {
    int layer = -1, image = 0, row = -1, x = -1, column = -1;
    std::string pe;
    int64_t rtl = 0, expected = 0;
};

// What every RTL datapath of a run reports into.
struct cosim_report {
    std::map<int, cosim_layer_stats> layers;   // by graph node
    bool has_mismatch = false;
    cosim_mismatch first;
    uint64_t mismatches() const;
    uint64_t checked() const;
};

enum class cosim_mode { fast, pins };

struct cosim_options {
    cosim_mode mode = cosim_mode::fast;
    bool broken = false;          // the deliberately broken RTL variant (tests)
    // --trace-rtl: .vcd or .fst of the RTL's internal signals, for the first RTL datapath
    // installed (the first PE of the first chosen layer), over its first trace_limit
    // transactions (0: all). Timestamps are the platform's simulated time in ps: in
    // fast mode the model's cycles placed from the transaction's annotated start at the
    // chip clock, in pins mode the sc_time of each clock edge.
    std::string trace_file;
    uint64_t trace_limit = 0;
};

// The fast mode: one per PE.
class fast_datapath : public modules::pe_datapath {
public:
    fast_datapath(const arch_config& arch, cosim_report& report, bool broken,
                  const std::string& trace_file = "", uint64_t trace_limit = 0);
    ~fast_datapath() override;
    uint64_t process(const modules::datapath_request& req) override;

    struct impl;

private:
    std::unique_ptr<impl> m_impl;
};

// The pin-level mode: the Verilated SystemC module of one PE's datapath, clocked by a
// clock gated from the chip's sc_clock, and the TLM-to-pin transactor that drives it from
// the PE's b_transport (in the calling stage's thread): it leaves temporal decoupling
// (waits until the transaction's annotated start), drives the valid/ready pins at the
// falling edges, samples them at the rising edges, and returns the cycles it took.
// Create during elaboration.
std::unique_ptr<modules::pe_datapath> make_pin_datapath(const std::string& name, const arch_config& arch,
                                                        cosim_report& report,
                                                        const sc_core::sc_signal_in_if<bool>& clock,
                                                        const std::string& trace_file = "",
                                                        uint64_t trace_limit = 0);

// What `--cosim pe.datapath=SPEC` asks for: SPEC = rtl[:pins][@layer,layer...].
// Throws input_error naming the option on anything else.
struct cosim_spec {
    cosim_options options;
    std::vector<std::string> layers;   // empty: every crossbar layer
};
cosim_spec parse_cosim(const std::string& option);
// The configuration keys a --cosim option stands for (pe.datapath, pe.datapath_layers).
std::vector<std::pair<std::string, std::string>> cosim_settings(const cosim_spec& spec);
// What the configuration's pe.datapath and pe.datapath_layers ask for (no trace file).
cosim_spec spec_of(const arch_config& arch);

// Owns the RTL datapaths of one run and installs them into the PEs of the chosen layers.
class cosim_session {
public:
    cosim_session(const arch_config& arch, const sw::graph& g, const cosim_spec& spec);
    ~cosim_session();
    // Give it every PE (platform::simulate's pe_hook); it keeps the chosen ones.
    void install(int node, modules::pe& pe);
    const cosim_report& report() const { return m_report; }
    int installed() const { return m_installed; }
    // The pin-level mode runs a free-running sc_clock: pass this as platform::simulate's
    // stop_when_finished.
    bool needs_stop() const { return m_spec.options.mode == cosim_mode::pins; }
    // Closes the RTL trace (call when the simulation is over).
    void finish();

private:
    const arch_config& m_arch;
    cosim_spec m_spec;
    std::vector<bool> m_selected;      // per graph node
    cosim_report m_report;
    std::unique_ptr<sc_core::sc_clock> m_clock;   // pins mode: the chip clock
    std::vector<std::unique_ptr<modules::pe_datapath>> m_datapaths;
    int m_installed = 0;
};

// Per layer: RTL and behavioural cycles side by side, checks and mismatches, then the
// first mismatch (layer, window, column, values) if any.
void print_cosim(std::ostream& os, const cosim_report& r, const sw::graph& g, const cosim_spec& spec);

// Behavioural cycles of one plane of the PE datapath (see the accounting above).
uint64_t model_cycles(const arch_config& arch, int planes);
// The RTL's tree depth.
int rtl_tree_levels();
int rtl_inputs();

} // namespace pimscope::rtl
