#pragma once
// Host speed only, never what is simulated: the cache lines a block's transaction will
// touch, listed once at elaboration and prefetched together when the transaction starts.
// A chip has thousands of subarrays, each a few KiB of SystemC object spread over many
// lines, far more than the CPU caches hold; a read then spent most of its time waiting for
// one line after another of its socket, its fields, its ADC bank and its statistics. Asked
// for all at once, the misses overlap instead of queueing. Each block lists its own lines
// (they are its private layout); a parent only gathers its children's lists.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace pimscope::core {

class cache_lines {
public:
    static constexpr std::uintptr_t line_bytes = 64;

    // The lines of [p, p + bytes).
    void add(const void* p, std::size_t bytes = 1) {
        const auto first = reinterpret_cast<std::uintptr_t>(p) & ~(line_bytes - 1);
        const auto end = reinterpret_cast<std::uintptr_t>(p) + std::max<std::size_t>(bytes, 1);
        for (auto a = first; a < end; a += line_bytes) m_lines.push_back(a);
    }
    void add(const cache_lines& other) { m_lines.insert(m_lines.end(), other.m_lines.begin(), other.m_lines.end()); }
    // Each line once, in address order (a block's lines are then often neighbours).
    void finish() {
        std::sort(m_lines.begin(), m_lines.end());
        m_lines.erase(std::unique(m_lines.begin(), m_lines.end()), m_lines.end());
        m_lines.shrink_to_fit();
    }
    void prefetch() const {
        for (const auto a : m_lines) __builtin_prefetch(reinterpret_cast<const void*>(a));
    }
    std::size_t size() const { return m_lines.size(); }

private:
    std::vector<std::uintptr_t> m_lines;
};

} // namespace pimscope::core
