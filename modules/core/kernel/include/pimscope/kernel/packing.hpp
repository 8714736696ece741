#pragma once
// Input vectors for the crossbar: one bit plane of one window, packed slice by slice like
// the weights. Two ways to build one: element by element from the tensor (simple, the
// reference), and word by word from a map packed once per layer and plane (the hot path
// of the functional mode and the platform's conv stages). Both give the same vectors.
#include "pimscope/kernel/crossbar_layer.hpp"
#include "pimscope/kernel/geometry.hpp"
#include "pimscope/kernel/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pimscope::kernel {

// One input vector (one bit plane of one window), packed slice by slice like the weights.
struct packed_vector {
    int words_per_slice = 0;
    std::vector<uint64_t> pos;      // bit 1: the "+1" row is driven
    std::vector<uint64_t> active;   // bit 1: the synapse is driven at all
    const uint64_t* pos_words(int slice) const { return &pos[std::size_t(slice) * words_per_slice]; }
    const uint64_t* active_words(int slice) const {
        return &active[std::size_t(slice) * words_per_slice];
    }
};

// Gathers window (oy, ox) of layer g from its input map into `out` for one plane.
// For a binary map (values -1/+1) use plane 0; for the network input, plane b carries
// sign(x) * bit_b(|x|) (sign_magnitude) or bit_b(x) (unsigned).
void gather_window(const conv_geometry& g, const tensor& in, int oy, int ox, int plane,
                   bool multi_bit_input, const crossbar_layer& layer, packed_vector& out);

// ---- Fast path: binarise the input map once per layer and plane, then build each window
// from whole words instead of element by element. Gives exactly the same packed vectors
// as the tensor-based gather_window.

// One bit plane of a conv input map, packed per pixel: the C channel bits of pixel (y, x)
// in words_per_pixel words. Pixel index h*w is the padding pixel (the layer's pad_value).
struct packed_map {
    int c = 0, h = 0, w = 0;
    int words_per_pixel = 0;
    std::vector<uint64_t> pos;      // [(y*w + x) * words_per_pixel + i]
    std::vector<uint64_t> active;
};

// Throws input_error when a binary (non multi-bit) input holds anything but -1/+1, or a
// multi-bit value does not fit the planes' 31 magnitude bits.
void pack_map(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input,
              packed_map& out);
// Packs rows [row_begin, row_end) of `in` into `out` (shaping `out` on first use), for
// maps that arrive row by row in the platform's pipeline.
void pack_map_rows(const conv_geometry& g, const tensor& in, int plane, bool multi_bit_input,
                   int row_begin, int row_end, packed_map& out);

// Same result as the tensor-based gather_window for a conv layer.
void gather_window(const conv_geometry& g, const packed_map& in, int oy, int ox,
                   const crossbar_layer& layer, packed_vector& out);

// ---- Windows that fit one word (at most 64 synapses of pixels of at most 64 channels: a
// first layer's few channels, a 3x3 window of a grey image is 9 bits). Such a layer
// usually reads a multi-bit input, one plane after another; gathering every plane of a
// window in one pass computes the pixel positions once instead of once per plane.
bool window_fits_word(const conv_geometry& g, const packed_map& in);
// Window (oy, ox) of each of the n maps `planes` (alike but for the plane, and
// window_fits_word): bit s of pos[b] / active[b] is synapse s of plane b.
void gather_small_windows(const conv_geometry& g, const packed_map* planes, int n, int oy, int ox, uint64_t* pos,
                          uint64_t* active);
// A window gathered into one word, cut into the layer's slices: the packed vector
// gather_window gives.
void cut_window_word(const crossbar_layer& layer, uint64_t pos, uint64_t active, packed_vector& out);

} // namespace pimscope::kernel
