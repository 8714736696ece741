// Packing input windows into the crossbar's row drives: element by element from the
// tensor (simple, the reference), and word by word from a map packed once per layer and
// plane (the hot path). Both give the same vectors.
#include "pimscope/kernel/packing.hpp"

#include "detail.hpp"

#include <algorithm>
#include <string>

namespace pimscope::kernel {

using detail::ceil_div;
using detail::fail;

namespace {

// Drive of one input element in one plane. Multi-bit: sign(v) * bit_plane(|v|); this is
// also right for the unsigned scheme, whose values are >= 0. Binary maps must be +-1 —
// anything else means the graph feeds a non-binarised map to a crossbar.
struct drive {
    bool active, pos;
};
inline drive element_drive(const conv_geometry& g, int32_t v, int plane, bool multi_bit_input) {
    if (multi_bit_input) {
        const uint32_t mag = v < 0 ? uint32_t(-int64_t(v)) : uint32_t(v);
        return {((mag >> plane) & 1u) != 0, v > 0};
    }
    if (v != 1 && v != -1)
        fail(g, "crossbar input holds " + std::to_string(v) +
                    "; a binary layer needs a -1/+1 map (add a threshold or sign before it)");
    return {true, v > 0};
}

drive pad_drive(const conv_geometry& g, int plane, bool multi_bit_input) {
    if (g.pad_value < -1 || g.pad_value > 1) fail(g, "pad_value must be -1, 0 or +1");
    if (g.pad_value == 0) return {false, false};   // neither row driven
    return element_drive(g, g.pad_value, plane, true);
}

void check_plane(const conv_geometry& g, int plane, bool multi_bit_input) {
    if (plane < 0 || plane > 30 || (!multi_bit_input && plane != 0))
        fail(g, "input plane " + std::to_string(plane) + " out of range");
}

// Synapses of the layer's window given its input map, cross-checked with the programmed
// weights: a mismatch means the crossbar was programmed for another input shape.
void check_window_size(const conv_geometry& g, std::size_t synapses, const crossbar_layer& layer) {
    if (synapses != std::size_t(layer.synapses))
        fail(g, "input window has " + std::to_string(synapses) + " synapses, the crossbar holds " +
                    std::to_string(layer.synapses));
}

void prepare_vector(const crossbar_layer& layer, packed_vector& out) {
    const std::size_t words = std::size_t(layer.slices) * layer.words_per_slice;
    out.words_per_slice = layer.words_per_slice;
    out.pos.assign(words, 0);
    out.active.assign(words, 0);
}

// Copies bits [bit_off, bit_off + nbits) of `src` to dst[0..] (dst words beyond nbits
// are left as they are; bits above nbits in the last word are cleared). src must have one
// readable word past the last bit.
void extract_bits(const uint64_t* src, std::size_t bit_off, int nbits, uint64_t* dst) {
    for (int i = 0; nbits > 0; ++i, nbits -= 64, bit_off += 64) {
        const std::size_t wi = bit_off >> 6;
        const int sh = int(bit_off & 63);
        uint64_t v = src[wi] >> sh;
        if (sh != 0) v |= src[wi + 1] << (64 - sh);
        if (nbits < 64) v &= (uint64_t(1) << nbits) - 1;
        dst[i] = v;
    }
}

} // namespace

void gather_window(const conv_geometry& g, const tensor& in, int oy, int ox, int plane,
                   bool multi_bit_input, const crossbar_layer& layer, packed_vector& out) {
    check_plane(g, plane, multi_bit_input);
    prepare_vector(layer, out);
    const int S = layer.slice_synapses;
    auto put = [&](int s, drive d) {
        if (!d.active) return;
        const std::size_t word = std::size_t(s / S) * layer.words_per_slice + (s % S) / 64;
        const uint64_t bit = uint64_t(1) << ((s % S) % 64);
        out.active[word] |= bit;
        if (d.pos) out.pos[word] |= bit;
    };
    if (g.fc) {
        // Synapse order of fc = flattened CHW index of its input (see sw/golden.hpp).
        check_window_size(g, in.v.size(), layer);
        // Slice and bit advance incrementally (this runs once per fc read).
        int slice = 0, r = 0;
        for (std::size_t s = 0; s < in.v.size(); ++s) {
            const drive d = element_drive(g, in.v[s], plane, multi_bit_input);
            if (d.active) {
                const std::size_t word = std::size_t(slice) * layer.words_per_slice + (r >> 6);
                const uint64_t bit = uint64_t(1) << (r & 63);
                out.active[word] |= bit;
                if (d.pos) out.pos[word] |= bit;
            }
            if (++r == S) {
                r = 0;
                ++slice;
            }
        }
        return;
    }
    const int k = g.kernel, C = in.shape.c;
    check_window_size(g, std::size_t(k) * k * C, layer);
    const drive pad = pad_drive(g, plane, multi_bit_input);
    int s = 0;   // synapse s = (ky*k + kx)*C + c
    for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * g.stride + ky - g.pad;
        for (int kx = 0; kx < k; ++kx) {
            const int ix = ox * g.stride + kx - g.pad;
            const bool inside = iy >= 0 && iy < in.shape.h && ix >= 0 && ix < in.shape.w;
            for (int c = 0; c < C; ++c, ++s)
                put(s, inside ? element_drive(g, in.at(c, iy, ix), plane, multi_bit_input) : pad);
        }
    }
}

namespace {

// Shapes `out` for `in`, keeping its storage when the shape is unchanged, and sets the
// padding pixel for this layer and plane (a map may be reused by another layer).
void shape_map(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input, packed_map& out) {
    check_plane(g, plane, multi_bit_input);
    out.c = in.shape.c;
    out.h = in.shape.h;
    out.w = in.shape.w;
    out.words_per_pixel = ceil_div(out.c, 64);
    const std::size_t words = (std::size_t(out.h) * out.w + 1) * out.words_per_pixel;
    if (out.pos.size() != words) {
        out.pos.assign(words, 0);
        out.active.assign(words, 0);
    }
    const drive pad = pad_drive(g, plane, multi_bit_input);
    const std::size_t pad_word = std::size_t(out.h) * out.w * out.words_per_pixel;
    std::fill(out.pos.begin() + pad_word, out.pos.end(), 0);
    std::fill(out.active.begin() + pad_word, out.active.end(), 0);
    for (int c = 0; c < out.c; ++c) {
        if (!pad.active) continue;
        const std::size_t word = pad_word + c / 64;
        out.active[word] |= uint64_t(1) << (c % 64);
        if (pad.pos) out.pos[word] |= uint64_t(1) << (c % 64);
    }
}

// Packs rows [row_begin, row_end) of `in` into the shaped `out`.
void pack_rows(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input, int row_begin,
               int row_end, packed_map& out) {
    const std::size_t area = std::size_t(out.h) * out.w;
    const std::size_t first = std::size_t(row_begin) * out.w, last = std::size_t(row_end) * out.w;
    std::fill(out.pos.begin() + first * out.words_per_pixel, out.pos.begin() + last * out.words_per_pixel, 0);
    std::fill(out.active.begin() + first * out.words_per_pixel,
              out.active.begin() + last * out.words_per_pixel, 0);
    for (int c = 0; c < out.c; ++c) {
        const int32_t* v = &in.v[c * area];
        const uint64_t bit = uint64_t(1) << (c % 64);
        // Without branches on the data: whether a +-1 element is positive, or a bit of a
        // multi-bit pixel set, is a coin toss that a branch mispredicts half the time.
        for (std::size_t px = first; px < last; ++px) {
            const drive d = element_drive(g, v[px], plane, multi_bit_input);
            const std::size_t word = px * out.words_per_pixel + c / 64;
            out.active[word] |= bit & (uint64_t(0) - uint64_t(d.active));
            out.pos[word] |= bit & (uint64_t(0) - (uint64_t(d.active) & uint64_t(d.pos)));
        }
    }
}

} // namespace

void pack_map(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input,
              packed_map& out) {
    shape_map(g, in, plane, multi_bit_input, out);
    pack_rows(g, in, plane, multi_bit_input, 0, in.shape.h, out);
}

void pack_map_rows(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input,
                   int row_begin, int row_end, packed_map& out) {
    // First use: shape the map and set the padding pixel once.
    if (out.c != in.shape.c || out.h != in.shape.h || out.w != in.shape.w ||
        out.words_per_pixel != ceil_div(in.shape.c, 64))
        shape_map(g, in, plane, multi_bit_input, out);
    pack_rows(g, in, plane, multi_bit_input, row_begin, row_end, out);
}

bool window_fits_word(const conv_geometry& g, const packed_map& in) {
    return !g.fc && in.words_per_pixel == 1 && g.kernel * g.kernel * in.c <= 64;
}

void gather_small_windows(const conv_geometry& g, const packed_map* planes, int n, int oy, int ox, uint64_t* pos,
                          uint64_t* active) {
    const packed_map& in = planes[0];
    const int k = g.kernel, C = in.c;
    const std::size_t pad_pixel = std::size_t(in.h) * in.w;
    // The window's pixels (the padding pixel outside the map), found once for all planes.
    std::size_t px[64];   // k*k <= 64: the window fits one word
    int m = 0;
    for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * g.stride + ky - g.pad;
        const bool row_in = iy >= 0 && iy < in.h;
        for (int kx = 0; kx < k; ++kx) {
            const int ix = ox * g.stride + kx - g.pad;
            px[m++] = row_in && ix >= 0 && ix < in.w ? std::size_t(iy) * in.w + ix : pad_pixel;
        }
    }
    for (int b = 0; b < n; ++b) {
        const uint64_t* pp = planes[b].pos.data();
        const uint64_t* pa = planes[b].active.data();
        uint64_t wp = 0, wa = 0;
        for (int i = 0; i < m; ++i) {   // i * C < 64
            wp |= pp[px[i]] << (i * C);
            wa |= pa[px[i]] << (i * C);
        }
        pos[b] = wp;
        active[b] = wa;
    }
}

void cut_window_word(const crossbar_layer& layer, uint64_t pos, uint64_t active, packed_vector& out) {
    const int wps = layer.words_per_slice;
    const std::size_t vec_words = std::size_t(layer.slices) * wps;
    out.words_per_slice = wps;
    out.pos.resize(vec_words);
    out.active.resize(vec_words);
    const int S = layer.slice_synapses;
    for (int s = 0; s < layer.slices; ++s) {
        const int shift = s * S;   // < 64: the window fits one word
        const int nbits = std::min(S, layer.synapses - shift);
        const uint64_t mask = nbits >= 64 ? ~uint64_t(0) : (uint64_t(1) << nbits) - 1;
        uint64_t* p = &out.pos[std::size_t(s) * wps];
        uint64_t* a = &out.active[std::size_t(s) * wps];
        p[0] = (pos >> shift) & mask;
        a[0] = (active >> shift) & mask;
        for (int i = 1; i < wps; ++i) p[i] = a[i] = 0;   // a slice of more than 64 synapses
    }
}

void gather_window(const conv_geometry& g, const packed_map& in, int oy, int ox,
                   const crossbar_layer& layer, packed_vector& out) {
    if (g.fc) fail(g, "packed gather serves conv layers only");
    const int k = g.kernel, C = in.c, wpp = in.words_per_pixel;
    const int total = k * k * C;
    check_window_size(g, std::size_t(total), layer);
    const std::size_t vec_words = std::size_t(layer.slices) * layer.words_per_slice;
    out.words_per_slice = layer.words_per_slice;
    out.pos.resize(vec_words);
    out.active.resize(vec_words);
    const std::size_t pad_pixel = std::size_t(in.h) * in.w;

    if (window_fits_word(g, in)) {
        // Built in registers and cut into slices, with no stream buffer to clear.
        uint64_t wp = 0, wa = 0;
        gather_small_windows(g, &in, 1, oy, ox, &wp, &wa);
        cut_window_word(layer, wp, wa, out);
        return;
    }

    // The window as one contiguous bit stream (synapse s at bit s); one spare word so the
    // shifted append and extract_bits may touch the word after the last bit. When slices
    // are whole words the stream already is the slice layout: it is built in `out` itself
    // (whose spare word stays 0: bits above C in a pixel's words are 0).
    const int S = layer.slice_synapses;
    const bool in_place = S % 64 == 0;
    thread_local std::vector<uint64_t> stream_pos, stream_act;
    std::vector<uint64_t>& vp = in_place ? out.pos : stream_pos;
    std::vector<uint64_t>& va = in_place ? out.active : stream_act;
    const std::size_t stream_words = vec_words + 1;
    vp.assign(stream_words, 0);
    va.assign(stream_words, 0);
    uint64_t* sp = vp.data();
    uint64_t* sa = va.data();
    if (wpp == 1) {
        // Pixels of at most 64 channels: append each to a two-word window held in
        // registers and store a word when it fills.
        uint64_t lo_p = 0, lo_a = 0, hi_p = 0, hi_a = 0;
        int fill = 0;          // bits used in the low word
        std::size_t word = 0;  // stream word the low word goes to
        for (int ky = 0; ky < k; ++ky) {
            const int iy = oy * g.stride + ky - g.pad;
            const bool row_in = iy >= 0 && iy < in.h;
            for (int kx = 0; kx < k; ++kx) {
                const int ix = ox * g.stride + kx - g.pad;
                const std::size_t px = row_in && ix >= 0 && ix < in.w ? std::size_t(iy) * in.w + ix : pad_pixel;
                const uint64_t bp = in.pos[px], ba = in.active[px];
                lo_p |= bp << fill;
                lo_a |= ba << fill;
                if (fill != 0) {
                    hi_p |= bp >> (64 - fill);
                    hi_a |= ba >> (64 - fill);
                }
                fill += C;
                if (fill >= 64) {
                    sp[word] = lo_p;
                    sa[word] = lo_a;
                    ++word;
                    lo_p = hi_p;
                    lo_a = hi_a;
                    hi_p = hi_a = 0;
                    fill -= 64;
                }
            }
        }
        if (fill > 0) {
            sp[word] = lo_p;
            sa[word] = lo_a;
        }
    } else {
    std::size_t off = 0;
    for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * g.stride + ky - g.pad;
        const bool row_in = iy >= 0 && iy < in.h;
        for (int kx = 0; kx < k; ++kx, off += std::size_t(C)) {
            const int ix = ox * g.stride + kx - g.pad;
            const std::size_t px = row_in && ix >= 0 && ix < in.w ? std::size_t(iy) * in.w + ix : pad_pixel;
            const uint64_t* pp = &in.pos[px * wpp];
            const uint64_t* pa = &in.active[px * wpp];
            const std::size_t wi = off >> 6;
            const int sh = int(off & 63);
            if (sh == 0) {
                // Aligned: the words land whole (bits above C in a pixel's last word are 0,
                // and the next pixel ORs into them).
                for (int i = 0; i < wpp; ++i) {
                    sp[wi + i] = pp[i];
                    sa[wi + i] = pa[i];
                }
            } else {
                for (int i = 0; i < wpp; ++i) {
                    sp[wi + i] |= pp[i] << sh;
                    sa[wi + i] |= pa[i] << sh;
                    sp[wi + i + 1] |= pp[i] >> (64 - sh);
                    sa[wi + i + 1] |= pa[i] >> (64 - sh);
                }
            }
        }
    }
    }
    if (in_place) {   // drop the spare word (capacity stays: no allocation next time)
        out.pos.resize(vec_words);
        out.active.resize(vec_words);
        return;
    }
    std::fill(out.pos.begin(), out.pos.end(), 0);
    std::fill(out.active.begin(), out.active.end(), 0);
    for (int s = 0; s < layer.slices; ++s) {
        const int nbits = std::min(S, total - s * S);
        extract_bits(sp, std::size_t(s) * S, nbits, &out.pos[std::size_t(s) * layer.words_per_slice]);
        extract_bits(sa, std::size_t(s) * S, nbits, &out.active[std::size_t(s) * layer.words_per_slice]);
    }
}

} // namespace pimscope::kernel
