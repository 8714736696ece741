#pragma once
// The crossbar kernel shared by the fast functional mode and the SystemC subarrays.
//
// XNOR-parallel array: each +-1 weight is a complementary pair of cells on two rows of
// one column; the input drives the row of its sign and leaves the other floating, so
// exactly one cell per synapse is selected and it conducts (LRS) when input and weight
// agree. With ideal cells the column current counts the agreeing synapses:
//     count = popcount(active & ~(pos ^ w))
// and the signed dot product of the slice is 2*count - active_count. A 0 input (padding,
// or a zero bit of a multi-bit input plane) drives neither row and contributes nothing.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"
#include "pimscope/sw/weights.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace pimscope::sw {

// How the multi-bit network input is fed bit-serially to the first layer.
struct input_encoding {
    int bits = 1;              // magnitude bits per plane count (planes = bits)
    bool is_signed = true;     // sign_magnitude: x in [-(2^bits-1), 2^bits-1]; else [0, 2^bits-1]
    int planes() const { return bits; }
    int max_magnitude() const { return (1 << bits) - 1; }
};

// ---- Device non-idealities (docs/models.md, "Device non-idealities").
//
// The analog path: every cell has a conductance in units of G_on. A synapse's two cells
// sit on rows "+" and "-" of its column; the "+" cell is programmed LRS (1) for weight +1
// and HRS (g_off = 1/on_off_ratio) for -1, the "-" cell the opposite. Each cell is then
// multiplied by exp(sigma * z) (log-normal variation, z ~ N(0,1) fixed per cell) or
// replaced by a stuck state. A read selects, per driven synapse, the cell of the input's
// sign; the column current is the sum of the selected conductances plus read noise, and
// the sense amplifier resolves it against the reference active * g_off:
//     x = (I - active * g_off) / (1 - g_off),  count = clamp(round(x), 0, S)
// which the ADC then quantises exactly like an ideal count.
struct device_nonideality {
    double on_off_ratio = 17;
    double variation_sigma = 0;
    double read_noise_sigma = 0;
    double stuck_on_rate = 0, stuck_off_rate = 0;
    uint64_t seed = 1;
    bool any() const {
        return variation_sigma > 0 || read_noise_sigma > 0 || stuck_on_rate > 0 || stuck_off_rate > 0;
    }
};
device_nonideality nonideality_of(const arch_config& arch);

// The programmed chip's cells of one layer, per (slice, column): for synapse r of the
// slice, g_neg[r] = conductance selected by a -1 input and g_diff[r] = (conductance
// selected by +1) - g_neg[r], so that I = sum_r active_r * g_neg[r] + (active & pos)_r *
// g_diff[r]. Rows padded to a multiple of 8 with zeros.
struct analog_cells {
    int layer_id = 0;                  // the graph node (keys the draws)
    int stride = 0;                    // floats per (slice, column)
    double g_off = 0;                  // nominal HRS conductance, the sense reference
    double read_noise_sigma = 0;
    uint64_t seed = 1;
    std::vector<float> g_neg, g_diff;  // [slice][column][stride]
    uint64_t stuck_on = 0, stuck_off = 0;   // cells drawn stuck (reporting)
};

// Identifies one read of one slice: the noise of column c of slice s is a pure function
// of (seed, layer, image, row, x, plane, s, c), so it does not depend on the order reads
// happen in (threads, platform vs functional mode).
struct read_id {
    int64_t image = 0;
    int row = 0, x = 0;     // output window (fc: 0, 0)
    int plane = 0;          // input bit plane
};


// matrix (synapse s = (ky*k + kx)*C + c, column = output channel) cut into row slices
// of slice_synapses synapses (one subarray of 2*slice_synapses rows each).
struct crossbar_layer {
    int synapses = 0;
    int columns = 0;
    int slice_synapses = 0;
    int slices = 0;
    int words_per_slice = 0;        // 64-bit words holding one slice of one column
    std::vector<uint64_t> w;        // [slice][column][word], bit 1 = weight +1
    // Non-null: the chip's cells are non-ideal and every read goes through the analog
    // path (set by program_analog); null: ideal cells, the popcount path.
    std::shared_ptr<const analog_cells> analog;

    const uint64_t* column_words(int slice, int column) const {
        return &w[(std::size_t(slice) * columns + column) * words_per_slice];
    }
};

crossbar_layer program_crossbar(const node& n, const node_params& p, int slice_synapses);
// Draws the chip's cells for `layer` (node index layer_id) and attaches them: from then on
// the layer reads through the analog path. Does nothing when !dev.any().
void program_analog(crossbar_layer& layer, const device_nonideality& dev, int layer_id);

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

// Gathers window (oy, ox) of layer n from its input map into `out` for one plane.
// For a binary map (values -1/+1) use plane 0; for the network input, plane b carries
// sign(x) * bit_b(|x|) (sign_magnitude) or bit_b(x) (unsigned).
void gather_window(const node& n, const tensor& in, int oy, int ox, int plane,
                   bool multi_bit_input, const crossbar_layer& layer, packed_vector& out);

// Column counts of one slice for columns [col_begin, col_end): the ideal popcount, or,
// when the layer has analog cells, the count the sense amplifier resolves from the
// non-ideal column current of read `id`. The SystemC subarray and the functional mode
// both call this (the functional mode's fast path inlines the same analog code).
void column_counts(const crossbar_layer& layer, int slice, const packed_vector& x, int col_begin,
                   int col_end, uint16_t* counts, const read_id& id = {});
// The analog path alone (column_counts calls it when layer.analog is set).
void analog_column_counts(const crossbar_layer& layer, int slice, const packed_vector& x,
                          int col_begin, int col_end, const read_id& id, uint16_t* counts);
int active_count(const packed_vector& x, int slice);

// ADC: converts a column count (0..full_scale) to a code and back to the count the
// digital side believes. The input range [range_lo, range_hi] (default [0, full_scale])
// is spread over the 2^bits codes; counts outside it clip. Exact when the range is the
// whole [0, full_scale] and 2^bits - 1 >= full_scale.
class adc_quantizer {
public:
    adc_quantizer(int bits, int full_scale, adc_rounding rounding);
    adc_quantizer(int bits, int full_scale, adc_rounding rounding, int range_lo, int range_hi);
    int convert(int count) const;            // code in [0, 2^bits - 1]
    int reconstruct(int code) const;         // estimated count
    int estimate(int count) const { return m_lut[count]; }   // reconstruct(convert(count))
    bool exact() const { return m_exact; }
    int bits() const { return m_bits; }
    int full_scale() const { return m_full_scale; }
    int range_lo() const { return m_lo; }
    int range_hi() const { return m_hi; }
    adc_rounding rounding() const { return m_rounding; }

private:
    int m_bits, m_full_scale;
    adc_rounding m_rounding;
    int m_lo, m_hi;
    bool m_exact;
    std::vector<int> m_lut;
};

// What one slice adds to a column's sum: the signed dot product rebuilt from the ADC's
// estimate, 2 * estimate(count) - active. A slice with no row driven (all padding) draws
// no current and is not converted: it adds 0 whatever the ADC's range. The functional
// mode and the SystemC subarray both go through this.
inline int64_t slice_value(const adc_quantizer& adc, int count, int active) {
    return active == 0 ? 0 : 2 * int64_t(adc.estimate(count)) - active;
}

// Histogram of the column counts a layer's non-idle slices produce (index = count),
// gathered with an exact ADC to set data-dependent ADC ranges.
using count_histogram = std::vector<uint64_t>;

// Plane weight and sign bookkeeping for bit-serial input: output of plane b is scaled
// by 2^b in the shift-add.
inline int64_t plane_scale(int plane) { return int64_t(1) << plane; }

// Hardware result of one window for all columns: sum over planes and slices of
// plane_scale * (2 * estimated_count - active). Used by the functional mode; the SystemC
// PEs compute the same sum piecewise with the same functions.
void window_outputs(const node& n, const crossbar_layer& layer, const adc_quantizer& adc,
                    const tensor& in, int oy, int ox, bool multi_bit_input, int planes,
                    packed_vector& scratch, std::vector<uint16_t>& count_scratch,
                    int64_t* out_per_column, count_histogram* hist = nullptr, int64_t image = 0);

// ---- Fast path (functional mode): binarise the input map once per layer and plane, then
// build each window from whole words instead of element by element. Gives exactly the
// same packed vectors and outputs as the tensor-based functions above.

// One bit plane of a conv input map, packed per pixel: the C channel bits of pixel (y, x)
// in words_per_pixel words. Pixel index h*w is the padding pixel (the node's pad_value).
struct packed_map {
    int c = 0, h = 0, w = 0;
    int words_per_pixel = 0;
    std::vector<uint64_t> pos;      // [(y*w + x) * words_per_pixel + i]
    std::vector<uint64_t> active;
};

// Throws input_error when a binary (non multi-bit) input holds anything but -1/+1, or a
// multi-bit value does not fit the planes' 31 magnitude bits.
void pack_map(const node& n, const tensor& in, int plane, bool multi_bit_input, packed_map& out);
// Packs rows [row_begin, row_end) of `in` into `out` (shaping `out` on first use), for
// maps that arrive row by row in the platform's pipeline.
void pack_map_rows(const node& n, const tensor& in, int plane, bool multi_bit_input, int row_begin,
                   int row_end, packed_map& out);

// Same result as the tensor-based gather_window for a conv node.
void gather_window(const node& n, const packed_map& in, int oy, int ox, const crossbar_layer& layer,
                   packed_vector& out);

// Same result as the tensor-based window_outputs for a conv node; planes[b] = pack_map(.., b, ..).
void window_outputs(const node& n, const crossbar_layer& layer, const adc_quantizer& adc,
                    const std::vector<packed_map>& planes, int oy, int ox, packed_vector& scratch,
                    std::vector<int32_t>& acc_scratch, int64_t* out_per_column,
                    count_histogram* hist = nullptr, int64_t image = 0);

} // namespace pimscope::sw
