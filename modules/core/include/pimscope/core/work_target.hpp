#pragma once
// A block that is handed work in bulk (the study configuration's phase transactions: a
// group of windows of one layer) and answers with the time it holds the block. Each block
// kind derives from it, turns the work into time and energy with its own circuit model,
// and charges the energy to its stats; the busy time is recorded here, per layer, under
// the block's chip component so that the study's component latencies are read from the
// statistics (DESIGN §3).
#include "pimscope/core/resource.hpp"
#include "pimscope/core/stats.hpp"

#include <map>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace pimscope::modules {

// The work of one phase transaction. Per-layer blocks were programmed with their layer's
// per-window work at elaboration and read only `windows`; chip-level blocks serve every
// layer and get that layer's figures here.
struct work_extension : tlm::tlm_extension<work_extension> {
    int layer = -1;
    double windows = 0;
    // The share of a full group's per-group work this group is charged: 1, or for a last
    // group with fewer windows than copies, windows / copies (the study divides a layer's
    // windows by its copies without rounding up).
    double group_share = 1;
    double bits = 0;            // global buffer, global bus
    double share = 1;           // global buffer: this layer's share of its bandwidth
    int banks = 1;              // global buffer: tile output banks working for it at once
    double outputs = 0;         // global accumulator: partial sums to add up
    int tree_inputs = 0, column_tiles = 1;   // global accumulator
    bool flush = false;         // the layer's last transaction: pack the remainder
    tlm::tlm_extension_base* clone() const override { return new work_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const work_extension&>(other);
    }
};

class work_target : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<work_target> in;   // one binding per layer served

    // Who waits for whom: one channel for the block, or (a chip-level block that gives
    // each layer its own share of wires or bandwidth) a channel per layer.
    enum class channels { one, per_layer };

    // component: the chip component its busy time counts towards (the study's breakdown).
    work_target(sc_core::sc_module_name name, const std::string& component, channels c = channels::one)
        : sc_module(name), in("in"), m_channels(c), m_stats(sc_object::name()) {
        in.register_b_transport(this, &work_target::b_transport);
        m_busy = m_stats.busy_time("busy", "time the block is held by phase transactions", component);
    }

    const core::stats_group& stats() const { return m_stats; }

protected:
    // Seconds the work holds the block; charges its energy to stats().
    virtual double serve(const work_extension& w) = 0;
    core::stats_group& mutable_stats() { return m_stats; }

private:
    void b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        const auto* w = gp.get_extension<work_extension>();
        if (!w) {
            gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        const double seconds = serve(*w);
        m_stats.add(m_busy, w->layer, seconds);
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        const sc_core::sc_time done =
            m_resource[m_channels == channels::one ? 0 : w->layer].reserve(now + delay, sc_core::sc_time(seconds, sc_core::SC_SEC));
        delay = done - now;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    channels m_channels;
    std::map<int, resource> m_resource;
    core::stats_group m_stats;
    core::stats_group::handle m_busy = -1;
};

} // namespace pimscope::modules
