// The waveforms: a VCD that follows the module hierarchy, with time stamps in order, whose
// buffer-occupancy signals peak exactly at the occupancy statistic of layers.csv and whose
// busy and stall flags are high for exactly the busy and stall times the report states.
#include "inspect_fixture.hpp"

#include <map>
#include <sstream>

using namespace pimscope;

namespace {

struct waveform {
    int width = 1;
    std::vector<std::pair<uint64_t, int64_t>> changes;   // (time in ps, value)
    int64_t max() const {
        int64_t m = 0;
        for (const auto& c : changes) m = std::max(m, c.second);
        return m;
    }
    // Picoseconds the value was non-zero before `end`.
    uint64_t high_ps(uint64_t end) const {
        uint64_t total = 0;
        for (std::size_t i = 0; i < changes.size(); ++i)
            if (changes[i].second != 0)
                total += (i + 1 < changes.size() ? changes[i + 1].first : end) - changes[i].first;
        return total;
    }
};

struct vcd {
    std::map<std::string, waveform> signals;   // by hierarchical name
    uint64_t last_time = 0;
    std::string timescale;
};

vcd parse(const std::string& path) {
    vcd out;
    std::map<std::string, std::string> by_id;
    std::vector<std::string> scope;
    std::istringstream in(test::read_file(path));
    uint64_t now = 0;
    bool time_seen = false;
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string w;
        words >> w;
        if (w == "$timescale") words >> out.timescale >> w, out.timescale += " " + w;
        else if (w == "$scope") words >> w >> w, scope.push_back(w);
        else if (w == "$upscope") scope.pop_back();
        else if (w == "$var") {
            std::string type, id, name;
            int width = 0;
            words >> type >> width >> id >> name;
            std::string full;
            for (const auto& s : scope) full += s + ".";
            by_id[id] = full + name;
            out.signals[full + name].width = width;
        } else if (!w.empty() && w[0] == '#') {
            const uint64_t t = std::stoull(w.substr(1));
            EXPECT_TRUE(!time_seen || t > now) << "time stamps out of order at #" << t;
            now = t;
            time_seen = true;
        } else if (!w.empty() && (w[0] == 'b' || w[0] == '0' || w[0] == '1')) {
            std::string id, value = w;
            if (w[0] == 'b') words >> id, value = w.substr(1);
            else id = w.substr(1), value = w.substr(0, 1);
            EXPECT_TRUE(by_id.count(id)) << "undeclared identifier " << id;
            out.signals[by_id[id]].changes.emplace_back(now, std::stoll(value, nullptr, 2));
        }
    }
    out.last_time = now;
    return out;
}

} // namespace

TEST(vcd, occupancy_busy_and_stall_signals_agree_with_the_statistics) {
    test::temp_dir tmp;
    // Bounded input buffers: producers must wait, so the stall flags have work to do.
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out") + " --set pipeline.stage_buffer_rows=3 --trace-vcd " +
                                     (tmp / "w.vcd"),
                                 tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const vcd w = parse(tmp / "w.vcd");
    EXPECT_EQ(w.timescale, "1 ps");
    const auto summary = test::read_file(tmp / "out/summary.json");
    // Grouped by layer, each leaf named after what it shows (platform/waveform_names.hpp).
    for (const char* name : {"chip.s1b1_conv.stage_busy", "chip.s1b1_conv.stage_stall_output",
                             "chip.s1b1_conv.input_buffer_occupancy_rows",
                             "chip.s1b1_conv.input_buffer_port_busy", "chip.s1b1_conv.tile_0.pe0_adc_groups_busy",
                             "chip.interconnect.link_to_s1b1_conv_busy",
                             "chip.s1b1_conv.unit_datapath_busy",   // the tile group's output unit
                             "chip.host.stage_busy", "chip.global_buffer_port_busy"})
        EXPECT_TRUE(w.signals.count(name)) << "no signal " << name;

    const auto rows = test::read_csv(tmp / "out/layers.csv");
    const double images = 2;
    uint64_t end_ps = w.last_time;
    int stalled_stages = 0;
    for (const auto& row : rows) {
        const std::string stage = "chip." + row.at("name");
        // Occupancy: the peak of the signal (or of the busiest input's signal) is the statistic.
        int64_t peak = 0;
        for (const auto& [name, s] : w.signals)
            if (name.rfind(stage + ".input_buffer_occupancy_rows", 0) == 0) peak = std::max(peak, s.max());
        EXPECT_EQ(peak, std::stoll(row.at("peak_buffer_rows"))) << row.at("name");

        const double busy_ps = std::stod(row.at("busy_s_per_image")) * images * 1e12;
        EXPECT_NEAR(double(w.signals.at(stage + ".stage_busy").high_ps(end_ps)), busy_ps, 0.01 * busy_ps + 1)
            << row.at("name");
        for (const char* reason : {"stall_input", "stall_output"}) {
            const double stall_ps = std::stod(row.at(std::string(reason) + "_s")) * 1e12;
            EXPECT_NEAR(double(w.signals.at(stage + ".stage_" + reason).high_ps(end_ps)), stall_ps, 0.01 * stall_ps + 1)
                << row.at("name") << " " << reason;
        }
        stalled_stages += std::stod(row.at("stall_output_s")) > 0;
    }
    EXPECT_GT(stalled_stages, 0) << "3-row buffers should make some producer wait";
    // Bounded buffers never hold more than they can: the default floor is the rows a
    // window needs plus one being written (3x3 convolutions: 4 rows).
    EXPECT_LE(w.signals.at("chip.s1b1_conv.input_buffer_occupancy_rows").max(), 4);
}

TEST(vcd, leaves_say_what_they_show) {
    // A viewer lists a scope's leaves by their own name: none may be a bare "busy" or a
    // port/stall/occupancy name without the block it belongs to.
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out") + " --trace-vcd " + (tmp / "w.vcd"), tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const vcd w = parse(tmp / "w.vcd");
    ASSERT_GT(w.signals.size(), 20u);
    for (const auto& [name, s] : w.signals) {
        const std::string leaf = name.substr(name.rfind('.') + 1);
        for (const char* generic : {"busy", "port_busy", "stall_input", "stall_output", "occupancy_rows"})
            EXPECT_NE(leaf, generic) << name;
        // Grouped by layer: no scope named after a block kind and a layer.
        for (const char* kind : {".stage_", ".unit_", ".tile_"})
            if (name.find(kind) != std::string::npos) EXPECT_NE(name.find(kind), 4u) << name;
    }
}

TEST(vcd, gtkwave_reads_it) {
    // GTKWave's own converter parses the file as GTKWave does; a round trip through FST
    // must keep every time stamp.
    if (std::system("command -v vcd2fst > /dev/null 2>&1 && command -v fst2vcd > /dev/null 2>&1") != 0)
        GTEST_SKIP() << "vcd2fst/fst2vcd (Debian package 'gtkwave') not installed: GTKWave parsing not checked";
    test::temp_dir tmp;
    ASSERT_EQ(test::run_pimscope(test::small_run(tmp / "out") + " --trace-vcd " + (tmp / "w.vcd"), tmp / "log"), 0)
        << test::read_file(tmp / "log");
    const std::string cmd = "vcd2fst " + (tmp / "w.vcd") + " " + (tmp / "w.fst") + " > " + (tmp / "fst.log") +
                            " 2>&1 && fst2vcd " + (tmp / "w.fst") + " > " + (tmp / "back.vcd") + " 2>> " +
                            (tmp / "fst.log");
    ASSERT_EQ(std::system(cmd.c_str()), 0) << test::read_file(tmp / "fst.log");
    auto stamps = [](const std::string& text) {
        std::size_t n = 0;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) n += !line.empty() && line[0] == '#';
        return n;
    };
    const std::size_t original = stamps(test::read_file(tmp / "w.vcd"));
    EXPECT_GT(original, 100u);
    EXPECT_EQ(stamps(test::read_file(tmp / "back.vcd")), original);
}
