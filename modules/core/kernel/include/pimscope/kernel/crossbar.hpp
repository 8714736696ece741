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
#include "pimscope/kernel/adc_quantizer.hpp"
#include "pimscope/kernel/analog.hpp"
#include "pimscope/kernel/crossbar_layer.hpp"
#include "pimscope/kernel/geometry.hpp"
#include "pimscope/kernel/input_encoding.hpp"
#include "pimscope/kernel/packing.hpp"
#include "pimscope/kernel/tensor.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::kernel {

// weights[k][ky][kx][c] (output channel major; fc: [k][CHW]), each -1 or +1, into slices
// of slice_synapses synapses. Throws input_error naming the layer on anything else.
crossbar_layer program_crossbar(const conv_geometry& g, const std::vector<int8_t>& weights,
                                int slice_synapses);

// Column counts of one slice for columns [col_begin, col_end): the ideal popcount, or,
// when the layer has analog cells, the count the sense amplifier resolves from the
// non-ideal column current of read `id`. The SystemC subarray and the functional mode
// both call this (the functional mode's fast path inlines the same analog code).
void column_counts(const crossbar_layer& layer, int slice, const packed_vector& x, int col_begin,
                   int col_end, uint16_t* counts, const read_id& id = {});
int active_count(const packed_vector& x, int slice);

// Histogram of the column counts a layer's non-idle slices produce (index = count),
// gathered with an exact ADC to set data-dependent ADC ranges.
using count_histogram = std::vector<uint64_t>;

// Hardware result of one window for all columns: sum over planes and slices of
// plane_scale * (2 * estimated_count - active). Used by the functional mode; the SystemC
// PEs compute the same sum piecewise with the same functions.
void window_outputs(const conv_geometry& g, const crossbar_layer& layer, const adc_quantizer& adc,
                    const tensor& in, int oy, int ox, bool multi_bit_input, int planes,
                    packed_vector& scratch, std::vector<uint16_t>& count_scratch,
                    int64_t* out_per_column, count_histogram* hist = nullptr, int64_t image = 0);

// Same result as the tensor-based window_outputs for a conv layer, from packed maps:
// planes[b] = pack_map(.., b, ..).
void window_outputs(const conv_geometry& g, const crossbar_layer& layer, const adc_quantizer& adc,
                    const std::vector<packed_map>& planes, int oy, int ox, packed_vector& scratch,
                    std::vector<int32_t>& acc_scratch, int64_t* out_per_column,
                    count_histogram* hist = nullptr, int64_t image = 0);

} // namespace pimscope::kernel
