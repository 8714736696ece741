// The SystemC platform and the fast functional mode share the crossbar kernel: for the
// same images and settings, including a lossy ADC, their outputs are identical.
#include "sim_fixture.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/platform/simulation.hpp"
#include "pimscope/sw/dataset.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/network.hpp"

using namespace pimscope;


TEST(functional_equivalence, bresnete18_lossy_adc) {
    const auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3, {"adc.bits=3"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}

TEST(functional_equivalence, bdensenet28_lossy_adc_multi_bit_input) {
    const auto s = test::make_setup("configs/nets/bdensenet28.yaml", 32, 3,
                                    {"adc.bits=4", "input.bits=3"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}

// Per-layer ADC ranges (the study's batch min/max with floor rounding) reach the SystemC
// subarrays through the same quantizers: outputs stay identical.
TEST(functional_equivalence, study_adc_ranges_per_layer) {
    auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3, {"adc.bits=3", "input.bits=2"});
    sw::count_statistics stats;
    for (const auto& im : s.images) sw::collect_counts(s.net, im, stats);
    sw::set_adc_ranges(s.net, stats, adc_range::study, 100.0);
    int narrowed = 0;
    for (const auto& q : s.net.layer_adcs) narrowed += q && (q->range_lo() > 0 || q->range_hi() < q->full_scale());
    ASSERT_GT(narrowed, 0);
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k]);
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
    }
}

// Device non-idealities (variation, read noise, stuck-at cells) go through the kernel's
// analog path in both modes: the SystemC subarrays (keyed by the platform's image index
// and window) and the functional mode (keyed by the same image index) read the same
// noisy currents, whatever order the reads happen in.
TEST(functional_equivalence, device_nonidealities_lossy_adc_multi_bit_input) {
    const auto s = test::make_setup("configs/nets/bresnete18.yaml", 32, 3,
                                    {"adc.bits=4", "input.bits=2", "nonideal.variation_sigma=0.1",
                                     "nonideal.read_noise_sigma=0.4", "nonideal.stuck_on_rate=0.002",
                                     "nonideal.stuck_off_rate=0.002", "nonideal.seed=11"});
    std::vector<sw::tensor> hw;
    platform::simulate(s.arch, s.net, s.fp, s.images, &hw);
    ASSERT_EQ(hw.size(), s.images.size());
    auto ideal_arch = s.arch;
    ideal_arch.variation_sigma = ideal_arch.read_noise_sigma = 0;
    ideal_arch.stuck_on_rate = ideal_arch.stuck_off_rate = 0;
    const auto ideal = sw::prepare_network(s.g, s.params, ideal_arch);
    int differs_from_ideal = 0;
    for (std::size_t k = 0; k < s.images.size(); ++k) {
        const auto functional = sw::functional_run(s.net, s.images[k], int64_t(k));
        EXPECT_EQ(hw[k], functional[s.g.output_node()]) << "image " << k;
        differs_from_ideal += !(functional[s.g.output_node()] ==
                                sw::functional_run(ideal, s.images[k])[s.g.output_node()]);
    }
    EXPECT_GT(differs_from_ideal, 0) << "the non-idealities changed nothing";
}

// The acceptance case of the accuracy issue: the trained Fashion-MNIST network on 64 real
// test images (8-bit pixels read bit-serially) with a lossy 4-bit ADC over the fixed
// range — the SystemC platform and the fast mode agree image by image.
TEST(functional_equivalence, fmnist_bnn_64_real_images_lossy_adc) {
    const char* images_file = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    if (access(images_file, R_OK) != 0) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    auto tree = param_tree::from_yaml_file(test::source_path("configs/arch/rram22_xnor.yaml"));
    for (const char* o : {"adc.bits=4", "input.bits=8", "input.scheme=unsigned"}) tree.set_override(o);
    const auto arch = load_arch_config(tree);
    const auto n = sw::load_network_with_params(test::source_path("configs/nets/fmnist_bnn.yaml"), 1);
    ASSERT_TRUE(n.trained);
    const auto fp = sw::map_network(n.g, arch);
    const auto net = sw::prepare_network(n.g, n.params, arch);
    const auto ds = sw::open_dataset("fashion-mnist:test");
    std::vector<sw::tensor> images;
    for (std::size_t i = 0; i < 64; ++i)
        images.push_back(sw::to_network_input(*ds, ds->pixels(i), n.g.input_shape, net.encoding));
    std::vector<sw::tensor> hw;
    platform::simulate(arch, net, fp, images, &hw);
    ASSERT_EQ(hw.size(), images.size());
    int lossy = 0;
    auto exact_arch = arch;
    exact_arch.adc_bits = 16;
    const auto exact = sw::prepare_network(n.g, n.params, exact_arch);
    for (std::size_t k = 0; k < images.size(); ++k) {
        const auto functional = sw::functional_run(net, images[k]);
        EXPECT_EQ(hw[k], functional[n.g.output_node()]) << "image " << k;
        lossy += !(functional[n.g.output_node()] == sw::functional_run(exact, images[k])[n.g.output_node()]);
    }
    EXPECT_GT(lossy, 0) << "the 4-bit ADC changed no logits: not a lossy setting";
}
