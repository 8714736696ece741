// NeuroSim NetWork.csv: strict row reading, the chain graph, and the errors users see.
#include "pimscope/common/error.hpp"
#include "pimscope/sw/graph.hpp"
#include "pimscope/sw/layer_table.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace pimscope;
using namespace pimscope::sw;

namespace {

std::string study_table(const std::string& model) {
    return std::string(PIMSCOPE_REFERENCE_DIR) + "/networks/" + model + ".neurosim.csv";
}

// Each test writes its own file so names in messages are distinct and checkable.
std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "pimscope_" + name + ".csv";
    std::ofstream(path) << text;
    return path;
}

// Runs f, expects input_error, returns its message.
template <class F> std::string error_of(F f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected input_error";
    return "";
}

} // namespace

TEST(neurosim_csv, reads_the_study_tables) {
    EXPECT_EQ(read_neurosim_csv(study_table("balexnet")).size(), 8u);
    EXPECT_EQ(read_neurosim_csv(study_table("bdensenet28")).size(), 28u);
    const auto r = read_neurosim_csv(study_table("bresnete18"));
    ASSERT_EQ(r.size(), 21u);
    EXPECT_EQ(r[0].ifm_h, 224);
    EXPECT_EQ(r[0].ifm_w, 224);
    EXPECT_EQ(r[0].ifm_c, 3);
    EXPECT_EQ(r[0].k, 7);
    EXPECT_EQ(r[0].ofm_c, 64);
    EXPECT_EQ(r[0].pool, 1);
    EXPECT_EQ(r[0].stride, 2);
    EXPECT_EQ(r[0].line, 1);
    EXPECT_TRUE(r[20].is_fc());
    EXPECT_EQ(r[20].ifm_c, 512);
    EXPECT_EQ(r[20].ofm_c, 1000);
}

TEST(neurosim_csv, chain_table_loads_as_graph) {
    // Blank lines, CRLF, spaces and trailing commas are what hand-edited NeuroSim
    // tables contain; they must not matter.
    const std::string path = write_temp("vgg_chain",
                                        "32,32,3,3,3,64,1,1\n"
                                        "\n"
                                        "16, 16, 64, 3, 3, 128, 1, 1,\r\n"
                                        "8,8,128,3,3,256,0,2,,\n"
                                        "1,1,4096,1,1,10,0,1\n");
    graph g = load_neurosim_csv(path);
    EXPECT_EQ(g.source, path);
    EXPECT_EQ(g.input_shape, (shape3{3, 32, 32}));
    EXPECT_EQ(g.nodes[0].kind, op_kind::input);

    const auto xb = g.crossbar_layers();
    ASSERT_EQ(xb.size(), 4u);
    const node& c1 = g.nodes[xb[0]];
    EXPECT_EQ(c1.kind, op_kind::conv);
    EXPECT_TRUE(c1.binary);
    EXPECT_EQ(c1.kernel, 3);
    EXPECT_EQ(c1.pad, 1);
    EXPECT_EQ(c1.out, (shape3{64, 32, 32}));
    EXPECT_EQ(c1.line, 1);
    EXPECT_EQ(g.nodes[xb[1]].out, (shape3{128, 16, 16}));
    EXPECT_EQ(g.nodes[xb[1]].line, 3);
    const node& c3 = g.nodes[xb[2]];
    EXPECT_EQ(c3.stride, 2);
    EXPECT_EQ(c3.out, (shape3{256, 4, 4}));
    const node& fc = g.nodes[xb[3]];
    EXPECT_EQ(fc.kind, op_kind::fc);
    EXPECT_EQ(fc.out, (shape3{10, 1, 1}));
    EXPECT_EQ(g.nodes[g.output_node()].out, (shape3{10, 1, 1}));

    // Every conv is followed by a threshold; pool=1 rows add a 2x2 max pool.
    EXPECT_EQ(g.nodes[xb[0] + 1].kind, op_kind::threshold);
    EXPECT_EQ(g.nodes[xb[0] + 2].kind, op_kind::maxpool);
    EXPECT_EQ(g.nodes[xb[0] + 2].out, (shape3{64, 16, 16}));

    // The graph's layer table is the file's table.
    const auto rows = read_neurosim_csv(path);
    const auto table = layer_table(g);
    ASSERT_EQ(table.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(table[i].ifm_h, rows[i].ifm_h);
        EXPECT_EQ(table[i].ifm_w, rows[i].ifm_w);
        EXPECT_EQ(table[i].ifm_c, rows[i].ifm_c);
        EXPECT_EQ(table[i].k, rows[i].k);
        EXPECT_EQ(table[i].ofm_c, rows[i].ofm_c);
        EXPECT_EQ(table[i].pool, rows[i].pool);
        EXPECT_EQ(table[i].stride, rows[i].stride);
        EXPECT_EQ(table[i].line, rows[i].line);
    }
}

TEST(neurosim_csv, malformed_rows_name_file_line_and_column) {
    struct bad { const char* name; const char* text; const char* expect; };
    const bad cases[] = {
        {"not_int", "8,8,3,3,3,16,0,1\n8,8,x3,3,3,16,0,1\n", "line 2, column 3"},
        {"float", "8,8,3,3,3,16,0,1.5\n", "line 1, column 8"},
        {"seven", "8,8,3,3,3,16,0,1\n\n8,8,16,3,3,16,0\n", "line 3"},
        {"nine", "8,8,3,3,3,16,0,1,4\n", "line 1"},
        {"negative", "8,8,3,3,3,-16,0,1\n", "line 1, column 6"},
        {"zero_stride", "8,8,3,3,3,16,0,0\n", "line 1, column 8"},
        {"pool2", "8,8,3,3,3,16,2,1\n", "line 1, column 7"},
        {"rect_kernel", "8,8,3,3,5,16,0,1\n", "line 1, column 5"},
        {"big_kernel", "4,4,3,5,5,16,0,1\n", "line 1, column 4"},
        {"overflow", "8,8,99999999999,3,3,16,0,1\n", "line 1, column 3"},
    };
    for (const bad& b : cases) {
        SCOPED_TRACE(b.name);
        const std::string path = write_temp(std::string("bad_") + b.name, b.text);
        const std::string msg = error_of([&] { read_neurosim_csv(path); });
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        EXPECT_NE(msg.find(b.expect), std::string::npos) << msg;
        // The graph loader reports the same error.
        EXPECT_NE(error_of([&] { load_neurosim_csv(path); }).find(b.expect), std::string::npos);
    }
    const std::string empty = write_temp("empty", "\n# only a comment\n");
    EXPECT_NE(error_of([&] { read_neurosim_csv(empty); }).find(empty), std::string::npos);
    const std::string missing = ::testing::TempDir() + "pimscope_no_such_table.csv";
    EXPECT_NE(error_of([&] { read_neurosim_csv(missing); }).find(missing), std::string::npos);
}

TEST(neurosim_csv, study_tables_load_as_graphs_with_the_links_they_leave_out) {
    // Every table row becomes a crossbar layer reading exactly the input map the row
    // states (so a run costs what `map` floorplans); what the table leaves out is inferred.
    for (const char* model : {"balexnet", "bresnete18", "bdensenet28"}) {
        SCOPED_TRACE(model);
        const std::string path = study_table(model);
        const auto rows = read_neurosim_csv(path);
        graph g;
        ASSERT_NO_THROW(g = load_neurosim_csv(path));
        const auto table = layer_table(g);
        ASSERT_EQ(table.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            SCOPED_TRACE(i);
            EXPECT_EQ(table[i].ifm_h, rows[i].ifm_h);
            EXPECT_EQ(table[i].ifm_w, rows[i].ifm_w);
            EXPECT_EQ(table[i].ifm_c, rows[i].ifm_c);
            EXPECT_EQ(table[i].k, rows[i].k);
            EXPECT_EQ(table[i].ofm_c, rows[i].ofm_c);
            EXPECT_EQ(table[i].stride, rows[i].stride);
        }
    }
    auto input_of = [](const graph& g, const char* layer) { return g.nodes[std::size_t(g.nodes[std::size_t(g.find(layer))].inputs.at(0))]; };
    // ResNet: the block's second branch reads the block input, beside the 1x1 shortcut.
    const graph resnet = load_neurosim_csv(study_table("bresnete18"));
    EXPECT_EQ(input_of(resnet, "conv7").name, input_of(resnet, "conv6").name);
    // DenseNet: a layer reads its block's running concatenation; the transition's pool
    // follows the concatenation, not the last layer alone.
    const graph dense = load_neurosim_csv(study_table("bdensenet28"));
    EXPECT_EQ(input_of(dense, "conv3").kind, op_kind::concat);
    EXPECT_EQ(input_of(dense, "conv3").name, "conv3_in_concat");
    EXPECT_EQ(input_of(dense, "conv8").name, "conv8_in_pool");
    EXPECT_EQ(input_of(dense, "conv8").out, (shape3{448, 28, 28}));
    // AlexNet: the table does not state conv1's stride 4; a pool brings 224 down to 27.
    const graph alex = load_neurosim_csv(study_table("balexnet"));
    const node& pool = input_of(alex, "conv2");
    EXPECT_EQ(pool.kind, op_kind::maxpool);
    EXPECT_EQ(pool.out, (shape3{64, 27, 27}));
    EXPECT_EQ(pool.stride, 8);
    EXPECT_EQ(pool.kernel, 16);

    // A table that contradicts itself (row 1 pools to 8x8, row 2 reads 16x16) is refused,
    // never read by dropping the pool.
    const std::string path = write_temp("nochain", "16,16,3,3,3,32,1,1\n16,16,32,3,3,32,0,1\n");
    const std::string m2 = error_of([&] { load_neurosim_csv(path); });
    EXPECT_NE(m2.find(path + ": line 2"), std::string::npos) << m2;
    EXPECT_NE(m2.find("does not chain"), std::string::npos) << m2;
    EXPECT_NE(m2.find("H=8"), std::string::npos) << m2;
    EXPECT_NE(m2.find("pimscope map"), std::string::npos) << m2;
}
