#pragma once
// Resource reservation: a shared block (ADC group, buffer port, link, adder tree) keeps
// the time it is next free. A request starts at max(arrival, free) and holds the block
// for its duration. This gives contention and stalls without a thread per block.
#include "pimscope/traces/sink.hpp"

#include <systemc>

namespace pimscope::modules {

// Simulated time as the trace sink counts it (kernel ticks).
inline traces::ticks ticks_of(const sc_core::sc_time& t) { return t.value(); }

class resource {
public:
    // Returns the time the request finishes; `start` (optional) receives when it began.
    sc_core::sc_time reserve(const sc_core::sc_time& arrival, const sc_core::sc_time& duration,
                             sc_core::sc_time* start = nullptr) {
        const sc_core::sc_time begin = arrival > m_free_at ? arrival : m_free_at;
        m_free_at = begin + duration;
        m_busy += duration;
        ++m_uses;
        if (start) *start = begin;
        return m_free_at;
    }
    const sc_core::sc_time& free_at() const { return m_free_at; }
    const sc_core::sc_time& busy() const { return m_busy; }
    uint64_t uses() const { return m_uses; }

private:
    sc_core::sc_time m_free_at = sc_core::SC_ZERO_TIME;
    sc_core::sc_time m_busy = sc_core::SC_ZERO_TIME;
    uint64_t m_uses = 0;
};

} // namespace pimscope::modules
