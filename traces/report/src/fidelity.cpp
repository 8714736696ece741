#include "pimscope/report/fidelity.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace pimscope::report {
namespace {

std::string pct(std::size_t k, std::size_t n) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f %%", n ? 100.0 * double(k) / double(n) : 0.0);
    return b;
}

// Why a run has no accuracy figure, or why its figure means nothing; empty when it means
// what it says. One sentence, shared by stdout and summary.json.
std::string accuracy_note(const fidelity& f) {
    if (f.labelled == 0 && !f.trained_weights)
        return "none: synthetic weights (generated from the seed) and synthetic images have no accuracy; "
               "the figure that matters here is bit-exactness against the golden reference. "
               "Run a trained network on a dataset for accuracy (--net configs/nets/fmnist_bnn.yaml "
               "--dataset fashion-mnist --input-bits 8 --set input.scheme=unsigned)";
    if (f.labelled == 0)
        return "none: synthetic images have no labels; --dataset D [--limit N] runs labelled images";
    if (!f.trained_weights)
        return "meaningless: the weights are generated from the seed, not trained (chance level is expected)";
    return "";
}

} // namespace

fidelity measure_fidelity(const platform::run_result& r, const std::string& dataset, bool trained_weights) {
    fidelity f;
    f.images = r.images.size();
    f.dataset = dataset;
    f.trained_weights = trained_weights;
    double agreement = 0;
    for (const auto& i : r.images) {
        f.bit_exact += i.exact;
        agreement += i.agreement;
        f.same_class += i.hw_class == i.golden_class;
        if (i.label < 0) continue;
        ++f.labelled;
        f.hw_top1 += i.hw_class == i.label;
        f.ideal_top1 += i.golden_class == i.label;
    }
    f.mean_agreement = f.images ? agreement / double(f.images) : 0;
    return f;
}

std::string accuracy_text(const fidelity& f) {
    const std::string note = accuracy_note(f);
    if (f.labelled == 0) return note;
    return "top-1 " + pct(f.hw_top1, f.labelled) + " on the chip, " + pct(f.ideal_top1, f.labelled) +
           " for the ideal network; same class as the ideal network on " + pct(f.same_class, f.images) + " (" +
           std::to_string(f.labelled) + " images of " + f.dataset + ")" + (note.empty() ? "" : "; " + note);
}

void print_fidelity(std::ostream& os, const fidelity& f, int adc_bits, const std::string& first_divergence) {
    os << "  accuracy          " << accuracy_text(f) << "\n";
    char agreement[32];
    std::snprintf(agreement, sizeof agreement, "%.5g %%", 100 * f.mean_agreement);
    os << "  golden reference  " << f.bit_exact << "/" << f.images << " outputs bit-exact (element agreement "
       << agreement << ", same class " << f.same_class << "/" << f.images << ")\n";
    if (f.bit_exact < f.images)
        os << "  note: the " << adc_bits << "-bit ADC cannot represent every column sum; "
           << "outputs differ from the exact network\n";
    if (!first_divergence.empty()) os << "  first divergence  layer '" << first_divergence << "' (last image)\n";
}

nlohmann::json fidelity_json(const fidelity& f) {
    auto frac = [&](std::size_t k, std::size_t n) { return n ? nlohmann::json(double(k) / double(n)) : nlohmann::json(); };
    return {{"dataset", f.dataset.empty() ? nlohmann::json() : nlohmann::json(f.dataset)},
            {"labelled_images", f.labelled},
            {"trained_weights", f.trained_weights},
            {"meaningful", f.accuracy_meaningful()},
            {"hardware_top1", frac(f.hw_top1, f.labelled)},
            {"ideal_top1", frac(f.ideal_top1, f.labelled)},
            {"agreement", frac(f.same_class, f.images)},
            {"note", accuracy_note(f)}};
}

} // namespace pimscope::report
