// An accuracy evaluation split into slices of the image set (what a sweep does across MPI
// ranks) adds up to the unsplit evaluation, read noise included; the study range policy
// refuses a slice.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sw/accuracy.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/network.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace pimscope;
using namespace pimscope::sw;

namespace {

arch_config noisy_arch(const char* range) {
    auto tree = param_tree::from_yaml_file(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", "4");
    tree.set("adc.range", range);
    tree.set("input.bits", "8");
    tree.set("input.scheme", "unsigned");
    tree.set("nonideal.read_noise_sigma", "0.3");
    return load_arch_config(tree);
}

accuracy_result evaluate(const network& n, const dataset& ds, const char* range, std::size_t first, std::size_t end) {
    prepared_network net = prepare_network(n.g, n.params, noisy_arch(range));
    accuracy_options o;
    o.limit = 40;
    o.range = noisy_arch(range).adc_range_policy;
    o.first = first;
    o.end = end;
    return evaluate_accuracy(net, ds, o);
}

} // namespace

TEST(accuracy_shards, slices_add_up_to_the_whole) {
    if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const auto n = load_network_with_params(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/nets/fmnist_bnn.yaml", 1);
    const auto ds = open_dataset("fashion-mnist:test");
    const auto whole = evaluate(n, *ds, "fixed", 0, std::size_t(-1));
    const auto a = evaluate(n, *ds, "fixed", 0, 17);
    const auto b = evaluate(n, *ds, "fixed", 17, 40);
    EXPECT_EQ(whole.images, 40u);
    EXPECT_EQ(a.images + b.images, whole.images);
    EXPECT_EQ(a.golden_top1 + b.golden_top1, whole.golden_top1);
    EXPECT_EQ(a.hw_top1 + b.hw_top1, whole.hw_top1);
    EXPECT_EQ(a.hw_top5 + b.hw_top5, whole.hw_top5);
    EXPECT_EQ(a.agree + b.agree, whole.agree);
    EXPECT_EQ(a.golden_checked + b.golden_checked, whole.golden_checked);
    EXPECT_LT(whole.agree, whole.images);   // the noise does change predictions: a real check
    EXPECT_THROW(evaluate(n, *ds, "study", 0, 17), input_error);
    EXPECT_EQ(evaluate(n, *ds, "study", 0, 40).images, 40u);   // the whole set is no slice
}
