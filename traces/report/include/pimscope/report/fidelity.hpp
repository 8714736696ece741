#pragma once
// What a run's outputs say about the network, apart from its cost: how many outputs equal
// the golden reference (the exact network) bit for bit, always; and on labelled images
// (`run --dataset`), the top-1 accuracy of the chip and of the ideal network and how often
// they predict the same class. Accuracy means something only for trained weights: with
// weights generated from the seed the figures are printed but called meaningless.
#include "pimscope/platform/simulation.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <ostream>
#include <string>

namespace pimscope::report {

struct fidelity {
    std::size_t images = 0;
    std::size_t bit_exact = 0;        // outputs equal to the golden reference
    double mean_agreement = 0;        // fraction of equal output elements, over the images
    std::size_t same_class = 0;       // chip and ideal network predict the same class
    std::size_t labelled = 0;         // images with a dataset label
    std::size_t hw_top1 = 0, ideal_top1 = 0;   // of the labelled images
    std::string dataset;              // its spec; empty: synthetic images
    bool trained_weights = false;
    bool accuracy_meaningful() const { return labelled > 0 && trained_weights; }
};

fidelity measure_fidelity(const platform::run_result& r, const std::string& dataset, bool trained_weights);

// One sentence: the top-1 figures with their meaning, or why there are none.
std::string accuracy_text(const fidelity& f);

// The "accuracy" and "golden reference" lines of the stdout summary (with the ADC note and
// the first divergent layer when outputs differ).
void print_fidelity(std::ostream& os, const fidelity& f, int adc_bits, const std::string& first_divergence);

// summary.json's "accuracy" block.
nlohmann::json fidelity_json(const fidelity& f);

} // namespace pimscope::report
