// The analog read path: the programmed chip's non-ideal cells and the counts the sense
// amplifier resolves from their column currents.
#include "pimscope/kernel/analog.hpp"

#include "pimscope/common/error.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace pimscope::kernel {
namespace {

// Counter-based draws: every random number is a hash of what it belongs to, so nothing
// depends on the order the draws are made in.
inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
inline uint64_t combine(uint64_t h, uint64_t v) { return mix64(h + 0x9E3779B97F4A7C15ull + mix64(v)); }

// Uniform in (0, 1) from 53 bits of h.
inline double unit_open(uint64_t h) { return (double(h >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

// Read noise, drawn for every column of every read, needs to be cheap: the standardised
// sum of eight 16-bit uniforms from two hashes (Irwin-Hall, mean 0, variance 1, tails cut
// at +-4.9 sigma).
inline double normal_fast(uint64_t h1, uint64_t h2) {
    double s = 0;
    for (int i = 0; i < 4; ++i) {
        s += double((h1 >> (16 * i)) & 0xFFFF);
        s += double((h2 >> (16 * i)) & 0xFFFF);
    }
    // each term (k + 1/2)/65536 has mean 1/2 and variance ~1/12
    return ((s + 4.0) / 65536.0 - 4.0) * 1.2247448713915890491;   // sqrt(12/8)
}

enum : uint64_t { draw_stuck = 1, draw_variation = 2, draw_noise = 4 };

// Key of the draws `what` for the cells of one (layer, slice, column); a cell's draw is
// combine(key, row) (with a sub-index where one row needs several numbers).
uint64_t column_key(uint64_t seed, uint64_t what, int layer, int slice, int col) {
    uint64_t h = combine(seed, what);
    h = combine(h, uint64_t(layer));
    h = combine(h, uint64_t(slice));
    return combine(h, uint64_t(col));
}

// Synapses actually held by slice s (the last slice may be partial).
inline int slice_rows(const crossbar_layer& l, int s) {
    return std::min(l.slice_synapses, l.synapses - s * l.slice_synapses);
}

} // namespace

void program_analog(crossbar_layer& layer, const device_nonideality& dev, int layer_id) {
    if (!(dev.on_off_ratio > 1))
        throw input_error("", "device.on_off_ratio", "must be greater than 1");
    auto cells = std::make_shared<analog_cells>();
    cells->layer_id = layer_id;
    cells->stride = (layer.slice_synapses + 7) / 8 * 8;
    cells->g_off = 1.0 / dev.on_off_ratio;
    cells->read_noise_sigma = dev.read_noise_sigma;
    cells->seed = dev.seed;
    const std::size_t n = std::size_t(layer.slices) * layer.columns * cells->stride;
    cells->g_neg.assign(n, 0.0f);
    cells->g_diff.assign(n, 0.0f);
    for (int s = 0; s < layer.slices; ++s)
        for (int col = 0; col < layer.columns; ++col) {
            const uint64_t* w = layer.column_words(s, col);
            float* gn = &cells->g_neg[(std::size_t(s) * layer.columns + col) * cells->stride];
            float* gd = &cells->g_diff[(std::size_t(s) * layer.columns + col) * cells->stride];
            const uint64_t stuck_key = column_key(dev.seed, draw_stuck, layer_id, s, col);
            const uint64_t var_key = column_key(dev.seed, draw_variation, layer_id, s, col);
            for (int r = 0; r < slice_rows(layer, s); ++r) {
                const bool plus = ((w[r / 64] >> (r % 64)) & 1u) != 0;
                // One Box-Muller pair per synapse: z[0] for its "+" cell, z[1] for its "-" cell.
                double z[2] = {0, 0};
                if (dev.variation_sigma > 0) {
                    constexpr double two_pi = 6.283185307179586476925286766559;
                    const double radius = std::sqrt(-2.0 * std::log(unit_open(combine(var_key, 2 * uint64_t(r)))));
                    const double angle = two_pi * unit_open(combine(var_key, 2 * uint64_t(r) + 1));
                    z[0] = radius * std::cos(angle);
                    z[1] = radius * std::sin(angle);
                }
                double g[2];   // cell 0 on the "+" row, cell 1 on the "-" row
                for (int c = 0; c < 2; ++c) {
                    bool on = (c == 0) == plus;   // programmed state
                    const double u = unit_open(combine(stuck_key, 2 * uint64_t(r) + uint64_t(c)));
                    if (u < dev.stuck_on_rate) {
                        on = true;
                        ++cells->stuck_on;
                    } else if (u < dev.stuck_on_rate + dev.stuck_off_rate) {
                        on = false;
                        ++cells->stuck_off;
                    }
                    g[c] = (on ? 1.0 : cells->g_off) * (dev.variation_sigma > 0 ? std::exp(dev.variation_sigma * z[c]) : 1.0);
                }
                gn[r] = float(g[1]);
                gd[r] = float(g[0] - g[1]);
            }
        }
    layer.analog = std::move(cells);
}

void analog_column_counts(const crossbar_layer& layer, int slice, const packed_vector& x,
                          int col_begin, int col_end, const read_id& id, uint16_t* counts) {
    const analog_cells& ac = *layer.analog;
    const int stride = ac.stride, rows = slice_rows(layer, slice);
    const uint64_t* p = x.pos_words(slice);
    const uint64_t* a = x.active_words(slice);
    // The driven rows as 0/1 floats, shared by every column of the read.
    thread_local std::vector<float> fa, fp;
    fa.assign(std::size_t(stride), 0.0f);
    fp.assign(std::size_t(stride), 0.0f);
    int act = 0;
    for (int r = 0; r < rows; ++r) {
        const uint64_t bit = uint64_t(1) << (r % 64);
        if (a[r / 64] & bit) {
            fa[std::size_t(r)] = 1.0f;
            ++act;
            if (p[r / 64] & bit) fp[std::size_t(r)] = 1.0f;
        }
    }
    const double ref = act * ac.g_off, gain = 1.0 / (1.0 - ac.g_off);
    const int full = layer.slice_synapses;
    uint64_t read_key = 0;
    if (ac.read_noise_sigma > 0) {
        read_key = combine(ac.seed, draw_noise);
        read_key = combine(read_key, uint64_t(ac.layer_id));
        read_key = combine(read_key, uint64_t(id.image));
        read_key = combine(read_key, uint64_t(uint32_t(id.row)) << 32 | uint32_t(id.x));
        read_key = combine(read_key, uint64_t(uint32_t(id.plane)) << 32 | uint32_t(slice));
    }
    for (int col = col_begin; col < col_end; ++col) {
        const std::size_t base = (std::size_t(slice) * layer.columns + col) * std::size_t(stride);
        const float* gn = &ac.g_neg[base];
        const float* gd = &ac.g_diff[base];
        // Eight independent lanes, summed in a fixed order: the compiler may vectorise the
        // lanes without changing the result.
        float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (int r = 0; r < stride; r += 8)
            for (int j = 0; j < 8; ++j) lane[j] += fa[std::size_t(r + j)] * gn[r + j] + fp[std::size_t(r + j)] * gd[r + j];
        double current = double((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                         double((lane[4] + lane[5]) + (lane[6] + lane[7]));
        if (ac.read_noise_sigma > 0) {
            const uint64_t h = combine(read_key, uint64_t(col));
            current += ac.read_noise_sigma * normal_fast(h, mix64(h ^ 0xA5A5A5A5A5A5A5A5ull));
        }
        const double sensed = std::floor((current - ref) * gain + 0.5);
        counts[col - col_begin] = uint16_t(std::clamp(sensed, 0.0, double(full)));
    }
}

} // namespace pimscope::kernel
