// Device non-idealities in the crossbar kernel's analog path: seeded and reproducible,
// independent of read order, and with every non-ideality at zero bit-identical to the
// ideal popcount path.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/kernel/crossbar.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/input.hpp"
#include "pimscope/sw/kernel_adapters.hpp"
#include "pimscope/sw/weights.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace pimscope;
using namespace pimscope::kernel;
using namespace pimscope::sw;

namespace {

struct fixture {
    arch_config arch;
    graph g;
    network_params params;
    std::vector<tensor> images;
};

fixture make(const std::vector<std::string>& overrides, int input_bits = 3) {
    fixture f;
    auto tree = param_tree::from_yaml_file(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/arch/rram22_xnor.yaml");
    tree.set("adc.bits", "4");
    tree.set("input.bits", std::to_string(input_bits));
    for (const auto& o : overrides) tree.set_override(o);
    f.arch = load_arch_config(tree);
    f.g = load_network(std::string(PIMSCOPE_SOURCE_DIR) + "/configs/nets/bresnete18.yaml");
    f.g.input_shape.h = f.g.input_shape.w = 32;
    f.g.infer_shapes();
    f.params = generate_params(f.g, 5);
    const auto enc = prepare_network(f.g, f.params, f.arch).encoding;
    for (int k = 0; k < 3; ++k)
        f.images.push_back(quantize_input(synthetic_image(f.g.input_shape, 40 + k), f.g.input_shape, enc));
    return f;
}

std::vector<tensor> outputs(const fixture& f, const prepared_network& net) {
    std::vector<tensor> o;
    for (std::size_t k = 0; k < f.images.size(); ++k)
        o.push_back(functional_run(net, f.images[k], int64_t(k)).back());
    return o;
}

const std::vector<std::string> noisy = {"nonideal.variation_sigma=0.1", "nonideal.read_noise_sigma=0.4",
                                        "nonideal.stuck_on_rate=0.002", "nonideal.stuck_off_rate=0.002"};

std::vector<std::string> with(std::vector<std::string> v, const std::string& extra) {
    v.push_back(extra);
    return v;
}

} // namespace

TEST(nonideal, defaults_are_ideal) {
    const auto f = make({});
    EXPECT_FALSE(f.arch.nonideal());
    const auto net = prepare_network(f.g, f.params, f.arch);
    for (const auto& c : net.crossbars) {
        if (c) {
            EXPECT_EQ(c->analog, nullptr);
        }
    }
}

TEST(nonideal, analog_path_with_zero_nonidealities_is_bit_identical_to_ideal) {
    for (const double ratio : {17.0, 2.0, 1e6}) {
        auto f = make({"device.on_off_ratio=" + std::to_string(ratio)});
        const auto ideal = prepare_network(f.g, f.params, f.arch);
        auto forced = prepare_network(f.g, f.params, f.arch);
        device_nonideality dev = nonideality_of(f.arch);   // everything zero
        for (std::size_t i = 0; i < forced.crossbars.size(); ++i)
            if (forced.crossbars[i]) program_analog(*forced.crossbars[i], dev, int(i));
        EXPECT_EQ(outputs(f, forced), outputs(f, ideal)) << "on/off ratio " << ratio;
    }
}

TEST(nonideal, analog_counts_equal_popcounts_on_random_vectors_without_nonidealities) {
    auto f = make({});
    const auto net = prepare_network(f.g, f.params, f.arch);
    std::mt19937_64 rng(3);
    for (std::size_t i = 0; i < net.crossbars.size(); ++i) {
        if (!net.crossbars[i]) continue;
        crossbar_layer layer = *net.crossbars[i];
        program_analog(layer, device_nonideality{}, int(i));
        packed_vector x;
        x.words_per_slice = layer.words_per_slice;
        x.pos.resize(std::size_t(layer.slices) * layer.words_per_slice);
        x.active.resize(x.pos.size());
        for (int trial = 0; trial < 4; ++trial) {
            for (auto& w : x.pos) w = rng();
            for (auto& w : x.active) w = trial == 0 ? ~uint64_t(0) : rng() & rng();
            // Keep bits beyond a partial last slice clear, like gather_window does.
            for (int s = 0; s < layer.slices; ++s) {
                const int rows = std::min(layer.slice_synapses, layer.synapses - s * layer.slice_synapses);
                for (int r = rows; r < layer.words_per_slice * 64; ++r) {
                    x.active[std::size_t(s) * layer.words_per_slice + r / 64] &= ~(uint64_t(1) << (r % 64));
                    x.pos[std::size_t(s) * layer.words_per_slice + r / 64] &= ~(uint64_t(1) << (r % 64));
                }
                std::vector<uint16_t> a(std::size_t(layer.columns)), b(a.size());
                const auto ideal_layer = *net.crossbars[i];
                column_counts(ideal_layer, s, x, 0, layer.columns, a.data());
                column_counts(layer, s, x, 0, layer.columns, b.data(), read_id{1, 2, 3, 0});
                ASSERT_EQ(a, b) << "node " << i << " slice " << s;
            }
        }
    }
}

TEST(nonideal, same_seed_same_outputs_different_seed_different_outputs) {
    const auto a = make(with(noisy, "nonideal.seed=1"));
    const auto b = make(with(noisy, "nonideal.seed=2"));
    const auto ideal = make({});
    const auto net_a1 = prepare_network(a.g, a.params, a.arch);
    const auto net_a2 = prepare_network(a.g, a.params, a.arch);
    const auto net_b = prepare_network(b.g, b.params, b.arch);
    const auto net_i = prepare_network(ideal.g, ideal.params, ideal.arch);
    const auto oa = outputs(a, net_a1);   // 3 images
    EXPECT_EQ(oa, outputs(a, net_a2));
    EXPECT_FALSE(oa == outputs(b, net_b));
    EXPECT_FALSE(oa == outputs(ideal, net_i));
    // The drawn cells themselves: identical for one seed, different for another.
    for (std::size_t i = 0; i < net_a1.crossbars.size(); ++i)
        if (net_a1.crossbars[i]) {
            EXPECT_EQ(net_a1.crossbars[i]->analog->g_neg, net_a2.crossbars[i]->analog->g_neg);
            EXPECT_NE(net_a1.crossbars[i]->analog->g_neg, net_b.crossbars[i]->analog->g_neg);
        }
}

TEST(nonideal, read_noise_depends_on_the_read_not_on_the_order) {
    const auto f = make({"nonideal.read_noise_sigma=0.5"});
    const auto net = prepare_network(f.g, f.params, f.arch);
    // Image 2 alone, or after images 0 and 1: the same noise (keyed by the image index).
    const auto after = outputs(f, net);
    EXPECT_EQ(functional_run(net, f.images[2], 2).back(), after[2]);
    // The same pixels under another image index read other noise.
    EXPECT_FALSE(functional_run(net, f.images[2], 7).back() == after[2]);
}

TEST(nonideal, stuck_cells_follow_their_rates) {
    const auto f = make({"nonideal.stuck_on_rate=0.01", "nonideal.stuck_off_rate=0.03"});
    const auto net = prepare_network(f.g, f.params, f.arch);
    uint64_t on = 0, off = 0, cells = 0;
    for (const auto& c : net.crossbars)
        if (c) {
            on += c->analog->stuck_on;
            off += c->analog->stuck_off;
            cells += 2 * uint64_t(c->synapses) * uint64_t(c->columns);
        }
    EXPECT_NEAR(double(on) / double(cells), 0.01, 0.001);
    EXPECT_NEAR(double(off) / double(cells), 0.03, 0.002);
}

TEST(nonideal, bad_keys_are_errors) {
    EXPECT_THROW(make({"nonideal.variation_sigma=-0.1"}), input_error);
    EXPECT_THROW(make({"nonideal.stuck_on_rate=0.6", "nonideal.stuck_off_rate=0.6"}), input_error);
}
