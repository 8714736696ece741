// The mapping rule against the seed study's floorplans (README facts and the per-layer
// figures of neurosim_v13_layers.csv), its limits, and its trend in speed_up_degree.
#include "pimscope/chip/arch_loader.hpp"
#include "pimscope/common/arch_config.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace pimscope;
using namespace pimscope::sw;

namespace {

arch_config study_arch() {
    return load_arch_config_file(PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml");
}

std::string study_table(const std::string& model) {
    return std::string(PIMSCOPE_REFERENCE_DIR) + "/networks/" + model + ".neurosim.csv";
}

floorplan map_study(const std::string& model, const arch_config& arch) {
    const std::string path = study_table(model);
    return map_layer_rows(read_neurosim_csv(path), arch, path);
}

struct ref_layer {
    int adc_bits = 0, layer = 0, tiles = 0, speed_up = 0;
    double utilisation = 0;
};

// neurosim_v13_layers.csv rows by model, read by header name so column order may change.
std::map<std::string, std::vector<ref_layer>> reference_layers() {
    std::ifstream in(std::string(PIMSCOPE_REFERENCE_DIR) + "/neurosim_v13_layers.csv");
    EXPECT_TRUE(in.good());
    auto split = [](const std::string& s) {
        std::vector<std::string> f;
        std::stringstream ss(s);
        std::string x;
        while (std::getline(ss, x, ',')) f.push_back(x);
        return f;
    };
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    std::map<std::string, int> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = int(i);
    std::map<std::string, std::vector<ref_layer>> out;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto f = split(line);
        ref_layer r;
        r.adc_bits = std::stoi(f.at(col.at("adc_bits")));
        r.layer = std::stoi(f.at(col.at("layer")));
        r.tiles = std::stoi(f.at(col.at("tiles")));
        r.speed_up = std::stoi(f.at(col.at("speed_up")));
        r.utilisation = std::stod(f.at(col.at("utilisation")));
        out[f.at(col.at("model"))].push_back(r);
    }
    return out;
}

std::vector<int> tiles_of(const floorplan& fp) {
    std::vector<int> v;
    for (const auto& m : fp.layers) v.push_back(m.tiles);
    return v;
}

std::vector<int> dup_of(const floorplan& fp) {
    std::vector<int> v;
    for (const auto& m : fp.layers) v.push_back(m.duplication);
    return v;
}

} // namespace

TEST(mapper, bresnete18_matches_the_study) {
    const floorplan fp = map_study("bresnete18", study_arch());
    EXPECT_EQ(tiles_of(fp), (std::vector<int>{4, 2, 2, 2, 2, 1, 2, 3, 3, 3, 1, 3, 5, 5, 5, 1, 5,
                                              9, 9, 9, 1}));
    EXPECT_EQ(dup_of(fp), (std::vector<int>{64, 8, 8, 8, 8, 64, 8, 8, 8, 8, 16, 4, 4, 4, 4, 4,
                                            2, 2, 2, 2, 1}));
    EXPECT_EQ(fp.total_tiles, 77);
    EXPECT_NEAR(100 * fp.utilisation, 81.2, 0.05);

    // Geometry of the stem: 2*7*7*3 = 294 rows in 3 slices, 64 columns in one group.
    EXPECT_EQ(fp.layers[0].rows, 294);
    EXPECT_EQ(fp.layers[0].cols, 64);
    EXPECT_EQ(fp.layers[0].slices, 3);
    EXPECT_EQ(fp.layers[0].col_groups, 1);
    EXPECT_EQ(fp.layers[0].name, "conv1");
    EXPECT_EQ(fp.layers[20].name, "fc21");
    EXPECT_EQ(fp.layers[20].node, -1);
}

TEST(mapper, bdensenet28_matches_the_study) {
    const floorplan fp = map_study("bdensenet28", study_arch());
    EXPECT_EQ(fp.layers.size(), 28u);
    EXPECT_EQ(fp.total_tiles, 149);
    EXPECT_NEAR(100 * fp.utilisation, 46.2, 0.05);
}

TEST(mapper, balexnet_matches_the_study) {
    const floorplan fp = map_study("balexnet", study_arch());
    EXPECT_EQ(tiles_of(fp), (std::vector<int>{8, 4, 4, 7, 7, 72, 32, 8}));
    EXPECT_EQ(dup_of(fp), (std::vector<int>{64, 4, 2, 2, 4, 1, 1, 1}));
    EXPECT_EQ(fp.total_tiles, 142);
    EXPECT_NEAR(100 * fp.utilisation, 92.5, 0.05);
}

TEST(mapper, every_layer_matches_neurosim_v13) {
    const arch_config arch = study_arch();
    const auto ref = reference_layers();
    ASSERT_FALSE(ref.empty());
    int checked = 0;
    for (const auto& [model, layers] : ref) {
        SCOPED_TRACE(model);
        const floorplan fp = map_study(model, arch);
        for (const ref_layer& r : layers) {  // every ADC resolution: the floorplan never changes
            SCOPED_TRACE("layer " + std::to_string(r.layer) + " adc " + std::to_string(r.adc_bits));
            ASSERT_GE(r.layer, 1);
            ASSERT_LE(r.layer, int(fp.layers.size()));
            const layer_mapping& m = fp.layers[r.layer - 1];
            EXPECT_EQ(m.tiles, r.tiles);
            EXPECT_EQ(m.duplication, r.speed_up);
            EXPECT_NEAR(m.utilisation, r.utilisation, 1e-5);
            ++checked;
        }
    }
    EXPECT_GE(checked, 8 + 21 + 28);
}

TEST(mapper, network_beyond_max_tiles_is_an_input_error) {
    arch_config arch = study_arch();
    arch.max_tiles = 76;  // bresnete18 needs 77
    const std::string path = study_table("bresnete18");
    try {
        map_study("bresnete18", arch);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        EXPECT_NE(msg.find("77 tiles"), std::string::npos) << msg;
        EXPECT_NE(msg.find("76"), std::string::npos) << msg;
    }
    // A single layer larger than the chip is named with its line.
    arch.max_tiles = 8;
    try {
        map_study("balexnet", arch);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(study_table("balexnet")), std::string::npos) << msg;
        EXPECT_NE(msg.find("fc6 (line 6)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("72 tiles"), std::string::npos) << msg;
    }
}

TEST(mapper, more_speed_up_never_lowers_duplication) {
    arch_config arch = study_arch();
    for (const char* model : {"balexnet", "bresnete18", "bdensenet28"}) {
        SCOPED_TRACE(model);
        std::vector<int> prev;
        int prev_tiles = 0;
        for (int s = 1; s <= 32; ++s) {
            arch.speed_up_degree = s;
            const floorplan fp = map_study(model, arch);
            const auto d = dup_of(fp);
            for (std::size_t i = 0; i < prev.size(); ++i)
                EXPECT_GE(d[i], prev[i]) << "layer " << i + 1 << " at speed_up " << s;
            for (const auto& m : fp.layers) {
                // Whatever the degree, copies fit the tiles they were given.
                EXPECT_LE(m.utilisation, 1.0);
                EXPECT_GE(m.duplication, 1);
            }
            EXPECT_GE(fp.total_tiles, prev_tiles);
            prev = d;
            prev_tiles = fp.total_tiles;
        }
    }
}

TEST(mapper, format_floorplan_prints_layers_and_totals) {
    const arch_config arch = study_arch();
    const std::string path = study_table("bresnete18");
    const auto rows = read_neurosim_csv(path);
    const floorplan fp = map_layer_rows(rows, arch, path);
    const std::string text = format_floorplan(rows, arch, fp, "bresnete18");
    EXPECT_NE(text.find("conv1"), std::string::npos) << text;
    EXPECT_NE(text.find("224x224x3"), std::string::npos) << text;
    EXPECT_NE(text.find("294 x 64"), std::string::npos) << text;
    EXPECT_NE(text.find("77 tiles"), std::string::npos) << text;
    EXPECT_NE(text.find("81.2 %"), std::string::npos) << text;
}

TEST(mapper, map_network_follows_the_graph) {
    // A chain table loads as a graph; mapping the graph equals mapping its rows, with
    // node indices and the graph's names filled in.
    const std::string path = ::testing::TempDir() + "pimscope_mapper_chain.csv";
    std::ofstream(path) << "64,64,3,3,3,64,1,1\n32,32,64,3,3,128,1,1\n16,16,128,3,3,256,1,1\n"
                           "1,1,16384,1,1,10,0,1\n";
    const arch_config arch = study_arch();
    const graph g = load_neurosim_csv(path);
    const floorplan from_graph = map_network(g, arch);
    const floorplan from_rows = map_layer_rows(read_neurosim_csv(path), arch, path);
    ASSERT_EQ(from_graph.layers.size(), 4u);
    EXPECT_EQ(tiles_of(from_graph), tiles_of(from_rows));
    EXPECT_EQ(dup_of(from_graph), dup_of(from_rows));
    EXPECT_EQ(from_graph.total_tiles, from_rows.total_tiles);
    const auto xb = g.crossbar_layers();
    for (std::size_t i = 0; i < xb.size(); ++i) {
        const layer_mapping* m = from_graph.for_node(xb[i]);
        ASSERT_NE(m, nullptr);
        EXPECT_EQ(m->name, g.nodes[xb[i]].name);
    }
    EXPECT_EQ(from_graph.for_node(0), nullptr);
    // The fc reads the flattened 8 x 8 x 256 map left by the last pool.
    EXPECT_EQ(from_graph.layers[3].rows, 2 * 16384);
    EXPECT_EQ(from_graph.layers[3].cols, 10);
    const std::string text = format_floorplan(g, arch, from_graph);
    EXPECT_NE(text.find("1x1x16384"), std::string::npos) << text;
}

// The split of the duplication and the tile grid of one copy, which decide how the study
// charges buffer and wire energy (modules/chip/src/layer_work.cpp): the same as the study's
// simulator's speed-up pair (tools/calibration/counts.py reproduces it for every layer of
// the reference runs).
TEST(mapper, duplication_split_and_copy_grid_follow_the_study) {
    const arch_config arch = study_arch();
    struct split {
        int tall, wide, rows, cols;
        bool operator==(const split& o) const {
            return tall == o.tall && wide == o.wide && rows == o.rows && cols == o.cols;
        }
    };
    auto splits = [&](const std::string& model) {
        std::vector<split> v;
        for (const auto& m : map_study(model, arch).layers) {
            EXPECT_EQ(m.dup_rows * m.dup_cols, m.duplication) << m.name;
            EXPECT_EQ(m.tiles % m.base_tiles(), 0) << m.name;
            v.push_back({m.tiles_tall, m.tiles_wide, m.dup_rows, m.dup_cols});
        }
        return v;
    };
    const auto alex = splits("balexnet");
    const std::vector<split> alex_ref = {{1, 1, 8, 8}, {4, 1, 1, 4}, {4, 1, 1, 2},  {7, 1, 1, 2},
                                         {7, 1, 1, 4}, {18, 4, 1, 1}, {8, 4, 1, 1}, {8, 1, 1, 1}};
    EXPECT_TRUE(alex == alex_ref);
    const auto res = splits("bresnete18");
    const std::vector<split> res_ref = {
        {1, 1, 8, 8}, {2, 1, 1, 8}, {2, 1, 1, 8}, {2, 1, 1, 8}, {2, 1, 1, 8}, {1, 1, 8, 8}, {2, 1, 1, 8},
        {3, 1, 1, 8}, {3, 1, 1, 8}, {3, 1, 1, 8}, {1, 1, 4, 4}, {3, 1, 1, 4}, {5, 1, 1, 4}, {5, 1, 1, 4},
        {5, 1, 1, 4}, {1, 1, 2, 2}, {5, 1, 1, 2}, {9, 1, 1, 2}, {9, 1, 1, 2}, {9, 1, 1, 2}, {1, 1, 1, 1}};
    EXPECT_TRUE(res == res_ref);
    // bdensenet28's transitions and classifier: copies side by side only, or none.
    const auto dense = splits("bdensenet28");
    ASSERT_EQ(dense.size(), 28u);
    EXPECT_TRUE((dense[7] == split{1, 1, 1, 4}));
    EXPECT_TRUE((dense[27] == split{2, 1, 1, 1}));
}
