#pragma once
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
#include "pimscope/kernel/crossbar_layer.hpp"
#include "pimscope/kernel/packing.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::kernel {

// sw::nonideality_of builds this from the arch config.
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

// Draws the chip's cells for `layer` (node index layer_id) and attaches them: from then on
// the layer reads through the analog path, even when !dev.any() (callers skip the call
// then: ideal cells read faster through the popcount path, with the same counts).
void program_analog(crossbar_layer& layer, const device_nonideality& dev, int layer_id);

// The analog path alone (column_counts calls it when layer.analog is set): the counts
// the sense amplifier resolves from the non-ideal column currents of read `id`.
void analog_column_counts(const crossbar_layer& layer, int slice, const packed_vector& x,
                          int col_begin, int col_end, const read_id& id, uint16_t* counts);

} // namespace pimscope::kernel
