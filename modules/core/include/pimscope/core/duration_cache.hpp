#pragma once
// sc_time(n * period_s), remembered for the last few (n, period_s): a block moves the same
// number of bits, or runs the same operation, transaction after transaction, and each
// conversion from seconds costs a division and a look at the kernel's time resolution (per
// transaction, a visible share of a run). Exact: the same conversion, done once per
// distinct (n, period).
#include <cstdint>
#include <systemc>

namespace pimscope::core {

class duration_cache {
public:
    const sc_core::sc_time& of(uint64_t n, double period_s) {
        for (const entry& e : m_entries)
            if (e.n == n && e.period_s == period_s) return e.time;
        entry& e = m_entries[m_next];
        m_next = (m_next + 1) % entries;
        e = {n, period_s, sc_core::sc_time(double(n) * period_s, sc_core::SC_SEC)};
        return e.time;
    }

private:
    // A stage's input buffer serves window reads and row reads in turn; a digital unit a few
    // operations: a handful of entries covers what alternates.
    static constexpr int entries = 4;
    struct entry {
        uint64_t n = ~uint64_t(0);
        double period_s = -1;
        sc_core::sc_time time;
    };
    entry m_entries[entries];
    int m_next = 0;
};

} // namespace pimscope::core
