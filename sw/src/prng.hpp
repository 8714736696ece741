#pragma once
// Internal to pimscope_sw: a PRNG whose output is fixed by its definition, so generated
// networks and synthetic images are the same on every machine and standard library
// (std::uniform_int_distribution and friends are implementation-defined).
#include <cstdint>

namespace pimscope::sw::detail {

inline uint64_t splitmix64_next(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// xoshiro256** seeded through splitmix64 (its authors' recommended seeding).
class prng {
public:
    explicit prng(uint64_t seed) {
        uint64_t s = seed;
        for (auto& w : m_s) w = splitmix64_next(s);
    }
    // An independent stream for sub-object `index` (e.g. a node), so that adding a node
    // does not change the parameters of the others.
    prng(uint64_t seed, uint64_t index) : prng(seed ^ (index * 0xD1B54A32D192ED03ull + 0x632BE59BD9B4E019ull)) {}

    uint64_t next() {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform integer in [lo, hi] (inclusive). Multiply-shift: the bias is < 2^-32 for the
    // small ranges used here, and the result is defined by this code alone.
    int64_t uniform_int(int64_t lo, int64_t hi) {
        const uint64_t span = uint64_t(hi - lo) + 1;
        const uint64_t r = next() >> 32;
        return lo + int64_t((r * span) >> 32);
    }
    // Uniform double in [0, 1) with 53 random bits.
    double uniform01() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool coin() { return (next() >> 63) != 0; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

} // namespace pimscope::sw::detail
