#pragma once
// Accuracy over a labelled dataset: the ideal digital network (golden) and the hardware
// (functional mode: crossbar kernel + ADC) on every image, compared with the labels and
// with each other. Plain C++ threads; results do not depend on the thread count.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/functional.hpp"

#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

namespace pimscope::sw {

struct accuracy_options {
    std::size_t limit = 0;              // first `limit` images (0 = all)
    int threads = 1;
    adc_range range = adc_range::fixed;
    double clip_percentile = 99.9;      // calibrated policy
    std::size_t calibration_images = 500;
    const dataset* calibration = nullptr;   // calibrated policy; null = the evaluated set
    // The ideal digital network computed by the crossbar kernel with an exact ADC (it
    // equals the golden reference bit for bit, and is ~10x faster on binary layers).
    // Every golden_check_every-th image is also run through the golden reference and a
    // difference is an error. Null: the golden reference for every image.
    const prepared_network* ideal = nullptr;
    std::size_t golden_check_every = 16;
    // Called on the calling thread as images complete (any thread may have finished them).
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Evaluate only images [first, end) of the (limited) set: one shard of an evaluation
    // split across processes. Image indices stay global, so the noise keys and golden
    // checks are the whole run's and shard counts add up to the unsplit counts. The study
    // range policy needs the whole set and rejects a slice.
    std::size_t first = 0;
    std::size_t end = std::numeric_limits<std::size_t>::max();
};

struct accuracy_result {
    std::size_t images = 0;
    int classes = 0;
    std::size_t golden_top1 = 0, golden_top5 = 0;
    std::size_t hw_top1 = 0, hw_top5 = 0;
    std::size_t agree = 0;              // golden and hardware predict the same class
    std::size_t golden_checked = 0;     // images whose ideal output was checked against golden
    bool hw_is_ideal = false;           // exact ADC everywhere, ideal cells: one run served both
    double seconds = 0;                 // evaluation (without range calibration)
    double calibration_seconds = 0;
};

// Rank of class `label` in `scores` (0 = predicted): classes scoring higher, plus those
// scoring equal with a lower index (ties go to the lower class index, like argmax).
int class_rank(const std::vector<int32_t>& scores, int label);

// Sets the per-layer ADC ranges of `net` for opts.range: study from the first `images`
// images of `ds`, calibrated from the first opts.calibration_images of opts.calibration
// (null: of `ds`), fixed: the design-time range. What evaluate_accuracy does first; `run
// --dataset` does the same before it programs the chip.
void set_adc_ranges_from_data(prepared_network& net, const dataset& ds, std::size_t images,
                              const accuracy_options& opts);

// Sets the per-layer ADC ranges of `net` for the policy (study: from the evaluated
// images; calibrated: from the first calibration_images of opts.calibration), then
// evaluates. Throws input_error when the network's output has fewer values than the
// dataset has classes, or the images do not fit the network input.
accuracy_result evaluate_accuracy(prepared_network& net, const dataset& ds, const accuracy_options& opts);

} // namespace pimscope::sw
