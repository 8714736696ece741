#pragma once
// The programmed weights of one layer, as the packing, ideal and analog code read them.
// Its own header because all three need the layout and none of them owns it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace pimscope::kernel {

struct analog_cells;   // analog.hpp

// One layer's weight matrix (synapse s = (ky*k + kx)*C + c, column = output channel) cut
// into row slices of slice_synapses synapses (one subarray of 2*slice_synapses rows each).
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

} // namespace pimscope::kernel
