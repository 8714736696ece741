// One tile group of one layer, driven directly by a test initiator: the partial sums
// that come back through tile -> PE -> subarray equal the crossbar kernel's, and the
// ADC group of a subarray is a reserved resource (same copy: serialised; two copies:
// in parallel).
#include "sim_fixture.hpp"

#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/chip/chip_models.hpp"
#include "pimscope/kernel/crossbar.hpp"
#include "pimscope/core/window_payload.hpp"
#include "pimscope/platform/block_params.hpp"
#include "pimscope/tile/tile.hpp"
#include "pimscope/sw/kernel_adapters.hpp"
#include "pimscope/sw/placement.hpp"

#include <algorithm>
#include <random>

using namespace pimscope;
using sc_core::sc_time;

namespace {

struct layer_fixture {
    arch_config arch;
    sw::node n;
    sw::node_params p;
    kernel::crossbar_layer layer;
    kernel::adc_quantizer adc{1, 1, kernel::adc_rounding::nearest};   // the layer's, set below
    sw::layer_mapping m;
    sw::tensor input;

    explicit layer_fixture(int adc_bits) {
        auto tree = param_tree::from_yaml_file(test::source_path("configs/arch/rram22_xnor.yaml"));
        tree.set("adc.bits", std::to_string(adc_bits));
        arch = load_arch_config(tree);
        n.name = "conv";
        n.kind = sw::op_kind::conv;
        n.out_channels = 200;   // two column groups of 128
        n.kernel = 3;
        n.pad = 1;
        n.out = {200, 6, 6};
        std::mt19937 rng(5);
        for (int i = 0; i < 200 * 3 * 3 * 64; ++i) p.weights.push_back(rng() & 1 ? 1 : -1);
        layer = kernel::program_crossbar(sw::geometry_of(n), p.weights,
                                         arch.synapses_per_subarray_column());
        adc = kernel::adc_quantizer(arch.adc_bits, layer.slice_synapses, arch.adc_round);
        input = sw::tensor({64, 6, 6});
        for (auto& v : input.v) v = rng() & 1 ? 1 : -1;
        // 1152 rows x 200 columns: 9 slices x 2 column groups; 2 tiles hold 4 copies.
        m.rows = 2 * 3 * 3 * 64;
        m.cols = 200;
        m.slices = 9;
        m.col_groups = 2;
        m.tiles = 2;
        m.duplication = 4;
    }
};

// Sends windows to the tile group the way a crossbar stage does.
struct driver : sc_core::sc_module {
    tlm_utils::multi_passthrough_initiator_socket<driver> out{"out"};
    layer_fixture& f;
    std::vector<std::vector<int>> copy_tiles;
    std::vector<std::pair<int, sc_time>> jobs;   // (copy, issue time) per window
    std::vector<sc_time> finished;
    std::vector<std::vector<int64_t>> sums;

    SC_HAS_PROCESS(driver);
    driver(sc_core::sc_module_name name, layer_fixture& fx, std::vector<std::vector<int>> ct)
        : sc_module(name), f(fx), copy_tiles(std::move(ct)) {
        SC_THREAD(run);
    }

    void run() {
        kernel::packed_vector window;
        for (std::size_t w = 0; w < jobs.size(); ++w) {
            std::vector<int64_t> acc(std::size_t(f.layer.columns), 0);
            kernel::gather_window(sw::geometry_of(f.n), f.input, int(w) % 6, int(w) / 6 % 6, 0, false,
                                  f.layer, window);
            modules::window_extension ext;
            ext.layer = 1;
            ext.copy = jobs[w].first;
            ext.columns = f.layer.columns;
            ext.input = &window;
            ext.outputs = acc.data();
            sc_time done = jobs[w].second;
            for (int t : copy_tiles[ext.copy]) {
                tlm::tlm_generic_payload gp;
                modules::attach_window(gp, ext, 72);
                sc_time delay = jobs[w].second;
                out[t]->b_transport(gp, delay);
                EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
                gp.clear_extension(&ext);
                done = std::max(done, delay);
            }
            finished.push_back(done);
            sums.push_back(acc);
        }
    }
};

struct tile_group {
    std::vector<std::unique_ptr<modules::tile>> tiles;
    std::vector<std::vector<int>> copy_tiles;

    tile_group(const layer_fixture& f) {
        std::vector<std::vector<std::vector<modules::subarray_slot>>> slots(
            std::size_t(f.m.tiles), std::vector<std::vector<modules::subarray_slot>>(4));
        copy_tiles.resize(std::size_t(f.m.duplication));
        for (const auto& s : sw::place_layer(f.m, f.arch)) {
            slots[s.tile][s.pe].push_back({s.copy, s.slice, s.col_group});
            copy_tiles[s.copy].push_back(s.tile);
        }
        for (auto& c : copy_tiles) {
            std::sort(c.begin(), c.end());
            c.erase(std::unique(c.begin(), c.end()), c.end());
        }
        for (int t = 0; t < f.m.tiles; ++t)
            tiles.push_back(std::make_unique<modules::tile>(("tile" + std::to_string(t)).c_str(),
                                                            platform::tile_params_of(f.arch), 1,
                                                            modules::programmed_layer{&f.layer, &f.adc},
                                                            slots[t], f.m.duplication));
    }
};

} // namespace

TEST(tile, partial_sums_equal_the_crossbar_kernel_with_a_lossy_adc) {
    layer_fixture f(3);
    tile_group group(f);
    driver d("driver", f, group.copy_tiles);
    for (auto& t : group.tiles) d.out.bind(t->in);
    for (int w = 0; w < 12; ++w) d.jobs.push_back({w % 4, sc_core::SC_ZERO_TIME});
    sc_core::sc_start();

    kernel::adc_quantizer adc(3, f.layer.slice_synapses, f.arch.adc_round);
    kernel::packed_vector scratch;
    std::vector<uint16_t> counts;
    std::vector<int64_t> want(std::size_t(f.layer.columns));
    ASSERT_EQ(d.sums.size(), 12u);
    for (int w = 0; w < 12; ++w) {
        kernel::window_outputs(sw::geometry_of(f.n), f.layer, adc, f.input, w % 6, w / 6 % 6, false, 1,
                               scratch, counts, want.data());
        EXPECT_EQ(d.sums[w], want) << "window " << w;
    }
}

TEST(tile, one_copy_serialises_two_copies_overlap) {
    layer_fixture f(5);
    tile_group group(f);
    driver d("driver", f, group.copy_tiles);
    for (auto& t : group.tiles) d.out.bind(t->in);
    d.jobs = {{0, sc_core::SC_ZERO_TIME}, {0, sc_core::SC_ZERO_TIME}, {1, sc_core::SC_ZERO_TIME}};
    sc_core::sc_start();
    ASSERT_EQ(d.finished.size(), 3u);
    // Eight conversions per ADC (200 columns over 16 ADCs) hold the group at least this long.
    const sc_time adc_busy = 8 * sc_time(f.arch.models->adc.conversion_s(f.arch.models->clock_s), sc_core::SC_SEC);
    EXPECT_GE(d.finished[1] - d.finished[0], adc_busy) << "the second window waits for the ADCs";
    // Copy 1 shares only the tile buffer port and H-tree with copy 0 (one window's
    // transfer) and the accumulators of the two tiles both copies span (one accumulation
    // each), not copy 0's ADC groups.
    const sc_time transfer =
        sc_time(2 * 5 * f.arch.clock_period_s + 2 * f.arch.accumulation_op.latency_s, sc_core::SC_SEC);
    EXPECT_LE(d.finished[2] - d.finished[0], transfer + sc_time(1, sc_core::SC_PS))
        << d.finished[0] << " " << d.finished[1] << " " << d.finished[2];
}
