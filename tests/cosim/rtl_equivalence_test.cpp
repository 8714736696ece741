// Randomised equivalence of the RTL blocks (Verilated --cc models stepped in C++) with
// the behavioural reference: >= 100 000 vectors per block, extremes included, random
// input gaps and output backpressure. The broken datapath variant must be caught.
// Verilator headers come before <systemc> (see notes/toolchain.md).
#include "Vpim_adder_tree.h"
#include "Vpim_pe_datapath.h"
#include "Vpim_pe_datapath_bug.h"
#include "Vpim_shift_add.h"
#include "Vpim_threshold.h"
#include "verilated.h"

#include "pimscope/rtl/bits.hpp"
#include "pimscope/rtl/reference.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace {

using namespace pimscope::rtl;

constexpr int N = PIMSCOPE_RTL_N;
constexpr int IN_W = PIMSCOPE_RTL_IN_W;
constexpr int SHIFT_W = PIMSCOPE_RTL_SHIFT_W;
constexpr int COL_W = PIMSCOPE_RTL_COL_W;
constexpr int TAG_W = PIMSCOPE_RTL_TREE_TAG_W;
constexpr int LEVELS = N <= 2 ? 1 : (N <= 4 ? 2 : (N <= 8 ? 3 : (N <= 16 ? 4 : 5)));
constexpr int SUM_W = IN_W + LEVELS;
constexpr int SA_IN_W = 20;      // pim_shift_add verilated alone with IN_W=20
constexpr int PLANES_MAX = 1 << SHIFT_W;
constexpr int COLS = 1 << COL_W;
constexpr int VECTORS = 100000;

// One clock cycle of a valid/ready block: `drive` sets the inputs, then the falling
// half settles the combinational outputs, handshakes are sampled, and the rising edge
// commits. Returns {input taken, output taken}.
template <class M>
std::pair<bool, bool> cycle(M& m) {
    m.clk = 0;
    m.eval();
    const bool in_fire = m.in_valid && m.in_ready;
    const bool out_fire = m.out_valid && m.out_ready;
    return {in_fire, out_fire};
}
template <class M>
void rise(M& m) {
    m.clk = 1;
    m.eval();
}
template <class M>
void reset(M& m) {
    m.rst = 1;
    m.in_valid = 0;
    m.out_ready = 1;
    for (int i = 0; i < 3; ++i) {
        m.clk = 0;
        m.eval();
        m.clk = 1;
        m.eval();
    }
    m.rst = 0;
}

int64_t extreme_or_random(std::mt19937_64& rng, int width, int mode) {
    const int64_t lo = -(int64_t(1) << (width - 1)), hi = (int64_t(1) << (width - 1)) - 1;
    switch (mode) {
    case 0: return 0;          // all zeros
    case 1: return -1;         // all ones
    case 2: return hi;
    case 3: return lo;
    default: return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    }
}

TEST(rtl_equivalence, adder_tree_100k_vectors) {
    auto ctx = std::make_unique<VerilatedContext>();
    Vpim_adder_tree m(ctx.get());
    reset(m);
    std::mt19937_64 rng(11);
    std::deque<std::pair<int64_t, uint32_t>> expected;
    std::vector<int64_t> x(N);
    int sent = 0, checked = 0, mismatches = 0;
    bool have = false;
    uint32_t tag = 0;
    auto next = [&] {
        // Every 8th vector is an extreme pattern shared by all inputs; the rest mix.
        const int shared = sent % 8 == 0 ? int(sent / 8 % 4) : -1;
        for (int i = 0; i < N; ++i)
            x[i] = extreme_or_random(rng, IN_W, shared >= 0 ? shared : int(rng() % 12));
        tag = uint32_t(rng()) & ((1u << TAG_W) - 1);
        for (int i = 0; i < N; ++i) put_bits(m.in_data.data(), i * IN_W, IN_W, low_bits(x[i], IN_W));
        m.in_tag = tag;
        have = true;
    };
    while (checked < VECTORS) {
        if (!have && sent < VECTORS && rng() % 8 != 0) next();
        m.in_valid = have;
        m.out_ready = rng() % 6 != 0;
        const auto [in_fire, out_fire] = cycle(m);
        if (out_fire) {
            ASSERT_FALSE(expected.empty());
            const int64_t got = sign_extend(m.out_sum, SUM_W);
            if (got != expected.front().first || m.out_tag != expected.front().second) ++mismatches;
            expected.pop_front();
            ++checked;
        }
        if (in_fire) {
            expected.emplace_back(adder_tree_ref(x.data(), N), tag);
            have = false;
            ++sent;
        }
        rise(m);
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(checked, VECTORS);
}

// A beat of the shift-add (or of the datapath: psums summed by the tree first).
struct beat {
    std::vector<int64_t> psums;
    int col = 0, plane = 0;
    bool first = false, last = false;
};

// Windows as the PE sends them: plane by plane, each plane a run of columns; the planes
// count goes from 1 to the maximum bit-serial depth.
std::vector<beat> make_beats(std::mt19937_64& rng, int inputs, int width, int count) {
    std::vector<beat> beats;
    int window = 0;
    while (int(beats.size()) < count) {
        const int planes = window % 5 == 0 ? PLANES_MAX : 1 + int(rng() % PLANES_MAX);
        const int mode = window % 7 < 4 ? window % 7 : -1;   // whole-window extremes
        const int ncols = 1 + int(rng() % 48);
        const int base = int(rng() % (COLS - ncols + 1));
        for (int p = 0; p < planes; ++p)
            for (int c = 0; c < ncols; ++c) {
                beat b;
                b.col = base + c;
                b.plane = p;
                b.first = p == 0;
                b.last = p == planes - 1;
                for (int i = 0; i < inputs; ++i)
                    b.psums.push_back(extreme_or_random(rng, width, mode >= 0 ? mode : int(rng() % 12)));
                beats.push_back(std::move(b));
            }
        ++window;
    }
    return beats;
}

TEST(rtl_equivalence, shift_add_100k_vectors) {
    auto ctx = std::make_unique<VerilatedContext>();
    Vpim_shift_add m(ctx.get());
    reset(m);
    std::mt19937_64 rng(12);
    const auto beats = make_beats(rng, 1, SA_IN_W, VECTORS);
    shift_add_ref ref(COLS);
    std::deque<std::pair<int64_t, int>> expected;
    std::size_t next = 0;
    int checked = 0, mismatches = 0, max_plane = 0;
    while (next < beats.size() || !expected.empty()) {
        const bool offer = next < beats.size() && rng() % 8 != 0;
        if (offer) {
            const beat& b = beats[next];
            m.in_psum = uint32_t(low_bits(b.psums[0], SA_IN_W));
            m.in_shift = uint32_t(b.plane);
            m.in_col = uint32_t(b.col);
            m.in_first = b.first;
            m.in_last = b.last;
        }
        m.in_valid = offer;
        m.out_ready = rng() % 6 != 0;
        const auto [in_fire, out_fire] = cycle(m);
        if (out_fire) {
            ASSERT_FALSE(expected.empty());
            if (int64_t(m.out_acc) != expected.front().first || int(m.out_col) != expected.front().second)
                ++mismatches;
            expected.pop_front();
            ++checked;
        }
        if (in_fire) {
            const beat& b = beats[next];
            const int64_t s = ref.step(b.col, b.psums[0], b.plane, b.first);
            if (b.last) expected.emplace_back(s, b.col);
            max_plane = std::max(max_plane, b.plane);
            ++next;
        }
        rise(m);
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(checked, 0);
    EXPECT_GE(int(beats.size()), VECTORS);
    EXPECT_EQ(max_plane, PLANES_MAX - 1);   // the maximum bit-serial depth was exercised
}

TEST(rtl_equivalence, threshold_100k_vectors) {
    auto ctx = std::make_unique<VerilatedContext>();
    Vpim_threshold m(ctx.get());
    reset(m);
    std::mt19937_64 rng(13);
    const int32_t lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
    const int32_t corners[] = {lo, lo + 1, -1, 0, 1, hi - 1, hi};
    std::deque<std::pair<bool, uint32_t>> expected;
    int sent = 0, checked = 0, mismatches = 0;
    bool have = false;
    int32_t x = 0, thr = 0;
    int dir = 1;
    uint32_t tag = 0;
    while (checked < VECTORS) {
        if (!have && sent < VECTORS && rng() % 8 != 0) {
            if (sent < 7 * 7 * 2) {   // every corner pair in both directions
                x = corners[sent % 7];
                thr = corners[sent / 7 % 7];
                dir = sent / 49 % 2 ? -1 : 1;
            } else {
                const int r = int(rng() % 4);
                x = r == 0 ? corners[rng() % 7] : int32_t(uint32_t(rng()));
                // thresholds near x make the comparison's edge likely
                thr = r == 1 ? int32_t(x + int32_t(rng() % 3) - 1) : int32_t(uint32_t(rng()) >> (rng() % 32));
                if (rng() % 2) thr = -thr;
                dir = rng() % 2 ? -1 : 1;
            }
            tag = uint32_t(rng()) & ((1u << TAG_W) - 1);
            m.in_x = uint32_t(x);
            m.in_thr = uint32_t(thr);
            m.in_neg = dir < 0;
            m.in_tag = tag;
            have = true;
        }
        m.in_valid = have;
        m.out_ready = rng() % 6 != 0;
        const auto [in_fire, out_fire] = cycle(m);
        if (out_fire) {
            ASSERT_FALSE(expected.empty());
            if (bool(m.out_bit) != expected.front().first || m.out_tag != expected.front().second)
                ++mismatches;
            expected.pop_front();
            ++checked;
        }
        if (in_fire) {
            expected.emplace_back(threshold_ref(x, dir, thr), tag);
            have = false;
            ++sent;
        }
        rise(m);
    }
    EXPECT_EQ(mismatches, 0);
}

// The whole datapath (tree + shift-add) against the composed reference; returns the
// mismatches seen over `count` beats.
template <class M>
int datapath_mismatches(int count, uint64_t seed, int* checked_out) {
    auto ctx = std::make_unique<VerilatedContext>();
    M m(ctx.get());
    reset(m);
    std::mt19937_64 rng(seed);
    const auto beats = make_beats(rng, N, IN_W, count);
    shift_add_ref ref(COLS);
    std::deque<std::pair<int64_t, int>> expected;
    std::size_t next = 0;
    int checked = 0, mismatches = 0;
    while (next < beats.size() || !expected.empty()) {
        const bool offer = next < beats.size() && rng() % 8 != 0;
        if (offer) {
            const beat& b = beats[next];
            for (int i = 0; i < N; ++i)
                put_bits(m.in_psums.data(), i * IN_W, IN_W, low_bits(b.psums[i], IN_W));
            m.in_shift = uint32_t(b.plane);
            m.in_col = uint32_t(b.col);
            m.in_first = b.first;
            m.in_last = b.last;
        }
        m.in_valid = offer;
        m.out_ready = rng() % 6 != 0;
        const auto [in_fire, out_fire] = cycle(m);
        if (out_fire) {
            if (expected.empty()) return -1;
            if (int64_t(m.out_acc) != expected.front().first || int(m.out_col) != expected.front().second)
                ++mismatches;
            expected.pop_front();
            ++checked;
        }
        if (in_fire) {
            const beat& b = beats[next];
            const int64_t s = ref.step(b.col, adder_tree_ref(b.psums.data(), N), b.plane, b.first);
            if (b.last) expected.emplace_back(s, b.col);
            ++next;
        }
        rise(m);
    }
    *checked_out = checked;
    return mismatches;
}

TEST(rtl_equivalence, pe_datapath_100k_vectors) {
    int checked = 0;
    EXPECT_EQ(datapath_mismatches<Vpim_pe_datapath>(VECTORS, 14, &checked), 0);
    EXPECT_GT(checked, 1000);
}

TEST(rtl_equivalence, broken_datapath_is_caught) {
    int checked = 0;
    const int bad = datapath_mismatches<Vpim_pe_datapath_bug>(20000, 15, &checked);
    EXPECT_GT(bad, 0);
    EXPECT_GT(checked, 0);
}

} // namespace
