#pragma once
// Network inputs: synthetic images from a seed, and the quantiser that turns real pixels
// into the n-bit integers the first layer reads bit-serially.
#include "pimscope/kernel/input_encoding.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/tensor.hpp"
#include "pimscope/sw/weights.hpp"

#include <cstdint>
#include <vector>

namespace pimscope::sw {

// A real-valued image (CHW floats) with smooth structure and noise, deterministic in seed,
// values in [-1, 1] (like a normalised photograph).
std::vector<float> synthetic_image(shape3 shape, uint64_t seed);

// The study's scheme: scale by max |x| of the image (or batch), round to `bits` magnitude
// bits, keep the sign; unsigned scheme: clamp negatives to 0. Result in the integer
// range input_encoding promises.
tensor quantize_input(const std::vector<float>& pixels, shape3 shape,
                      const kernel::input_encoding& enc,
                      float scale_max_abs = 0.0f /* 0: use the image's own max |x| */);

// Re-folds the thresholds that read the first crossbar layer for an input scaled by
// `scale` (unsigned n-bit input from 8-bit pixels: scale = (2^n - 1)/255): a threshold
// node fed by a crossbar layer that reads the network input gets thr' = ceil(thr * scale),
// so that dir*x' >= thr' where x' ~ scale*x (what re-folding batch-norm at the n-bit
// scale gives). A batchnorm (fixed-point requantiser) fed by such a layer, binary or
// multi-bit, gets mul' = round(mul / scale). Returns how many nodes changed.
int rescale_first_layer_thresholds(const graph& g, network_params& p, double scale);

} // namespace pimscope::sw
