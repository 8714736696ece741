// Sweep files (parsing, expansion, validation), point command lines, point records and
// results.csv: the kernel-free half of `pimscope sweep`.
#include "pimscope/common/error.hpp"
#include "pimscope/sweep/point_store.hpp"
#include "pimscope/sweep/sweep_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace pimscope;
using namespace pimscope::sweep;
namespace fs = std::filesystem;

namespace {

const std::string sweeps_dir = PIMSCOPE_SOURCE_DIR "/configs/sweeps";

sweep_spec parse(const std::string& text) { return load_sweep_text(text, "t.yaml", sweeps_dir); }

std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const input_error& e) {
        return e.what();
    }
    return "(no error)";
}

const char* two_axes = R"(
name: t
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml, input-size: 32}
command: run
grid:
  adc-bits: [3, 4, 5]
  mode: [pipelined, layer]
)";

std::string value(const point& p, const std::string& k) {
    const std::string* v = p.find(k);
    return v ? *v : "(none)";
}

struct temp_dir {
    fs::path path = fs::temp_directory_path() / ("sweep_test_" + std::to_string(getpid()) + "_" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    temp_dir() { fs::create_directories(path); }
    ~temp_dir() { fs::remove_all(path); }
};

} // namespace

TEST(sweep_file, grid_is_a_full_product_with_the_first_axis_outermost) {
    const auto s = parse(two_axes);
    ASSERT_EQ(s.points.size(), 6u);
    EXPECT_EQ(s.axes, (std::vector<std::string>{"adc-bits", "mode"}));
    EXPECT_EQ(value(s.points[0], "adc-bits"), "3");
    EXPECT_EQ(value(s.points[0], "mode"), "pipelined");
    EXPECT_EQ(value(s.points[1], "adc-bits"), "3");
    EXPECT_EQ(value(s.points[1], "mode"), "layer");
    EXPECT_EQ(value(s.points[5], "adc-bits"), "5");
    EXPECT_EQ(value(s.points[5], "input-size"), "32");   // from base
    for (std::size_t i = 0; i < s.points.size(); ++i) EXPECT_EQ(s.points[i].index, int(i));
}

TEST(sweep_file, explicit_points_cross_the_grid_and_parts_share_the_base) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml}
parts:
  - name: hw
    command: run
    base: {net: ../nets/bresnete18.yaml, input-size: 32}
    points:
      - {net: ../nets/balexnet.yaml}
      - {net: ../nets/bdensenet28.yaml, adc.range: study}
    grid: {adc-bits: [3, 8]}
  - name: acc
    command: [accuracy]
    base: {net: ../nets/fmnist_bnn.yaml, dataset: "fashion-mnist:test", limit: 10}
)");
    ASSERT_EQ(s.parts.size(), 2u);
    ASSERT_EQ(s.points.size(), 5u);
    EXPECT_EQ(value(s.points[0], "net"), "../nets/balexnet.yaml");
    EXPECT_EQ(value(s.points[1], "adc-bits"), "8");
    EXPECT_EQ(value(s.points[2], "net"), "../nets/bdensenet28.yaml");
    EXPECT_EQ(value(s.points[2], "adc.range"), "study");
    EXPECT_EQ(value(s.points[0], "adc.range"), "(none)");
    EXPECT_EQ(s.points[4].part, 1);
    EXPECT_EQ(value(s.points[4], "arch"), "../arch/rram22_xnor.yaml");
    EXPECT_EQ(s.axes, (std::vector<std::string>{"net", "adc.range", "adc-bits"}));
}

TEST(sweep_file, the_seed_study_has_the_studys_points) {
    const auto s = load_sweep_file(sweeps_dir + "/seed_study.yaml");
    ASSERT_EQ(s.parts.size(), 2u);
    EXPECT_EQ(s.points.size(), 3u * 6u + 8u * 6u);
}

TEST(sweep_file, the_seed_study_shows_the_published_tables) {
    const auto s = load_sweep_file(sweeps_dir + "/seed_study.yaml");
    const reference_data& hw = s.parts[0].reference;
    EXPECT_EQ(hw.rows.size(), 18u);
    double v = 0;
    // Table IV: balexnet, 3-bit ADC, 55.97 mm²; the net axis matches by file stem.
    const std::string area = "run.study.chip_area_m2";
    ASSERT_TRUE(reference_value(hw, {{"net", "../nets/balexnet.yaml"}, {"adc-bits", "3"}}, area, v));
    EXPECT_NEAR(v, 55.97e-6, 1e-12);
    EXPECT_FALSE(reference_value(hw, {{"net", "../nets/balexnet.yaml"}, {"adc-bits", "9"}}, area, v));
    EXPECT_FALSE(reference_value(hw, {{"net", "../nets/balexnet.yaml"}, {"adc-bits", "3"}}, "run.true.latency_s", v));
    // The accuracy part shows only the bresnete18 rows: 8 input bits x 6 ADC bits.
    const reference_data& acc = s.parts[1].reference;
    EXPECT_EQ(acc.rows.size(), 48u);
    EXPECT_EQ(acc.label, "published (ImageNet, bresnete18)");
    ASSERT_TRUE(reference_value(acc, {{"input-bits", "1"}, {"adc-bits", "3"}}, "accuracy.hardware.top1", v));
    EXPECT_NEAR(v, 0.0035, 1e-12);
    EXPECT_EQ(value(s.points[0], "study-quirks"), "true");
    EXPECT_EQ(value(s.points[18], "input.rescale_first_thresholds"), "true");
}

TEST(sweep_file, reference_keys_are_checked_when_the_file_loads) {
    const std::string base = "command: run\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}\n"
                             "grid: {adc-bits: [3]}\n";
    const std::string ref = "reference: reference/seed_paper_hardware.csv\n";
    const std::string axes = "reference_axes: {net: model, adc-bits: adc_bits}\n";
    const auto s = parse(base + ref + axes + "reference_metrics: {run.study.tops: tops}\n");
    EXPECT_EQ(s.parts[0].reference.label, "published");
    EXPECT_EQ(s.parts[0].reference.metrics.at(0).scale, 1.0);
    EXPECT_EQ(error_of(base + "reference: reference/nope.csv\n" + axes + "reference_metrics: {run.study.tops: tops}\n"),
              "t.yaml: line 4, key 'reference': no such file: reference/nope.csv (relative paths are relative to the "
              "sweep file)");
    EXPECT_EQ(error_of(base + ref + axes + "reference_metrics: {run.study.tops: topz}\n"),
              "t.yaml: line 4, key 'reference_metrics': column 'topz' is not in reference/seed_paper_hardware.csv");
    EXPECT_EQ(error_of(base + ref + axes + "reference_metrics: {run.study.tops: {column: tops, scael: 2}}\n"),
              "t.yaml: line 6, key 'scael': unknown key; a reference metric has column and scale");
    EXPECT_EQ(error_of(base + ref + axes + "reference_metrics: {run.study.tops: {column: tops, scale: big}}\n"),
              "t.yaml: line 6, key 'reference_metrics': expected a number for scale");
    EXPECT_EQ(error_of(base + ref + "reference_metrics: {run.study.tops: tops}\n"),
              "t.yaml: line 4, key 'reference': needs reference_axes and reference_metrics too");
    EXPECT_EQ(error_of(base + axes + "reference_metrics: {run.study.tops: tops}\n"),
              "t.yaml: line 1, key 'reference': missing: reference_* keys need the reference CSV file");
    EXPECT_EQ(error_of(base + ref + axes + "reference_filter: {model: bresnet}\n" +
                       "reference_metrics: {run.study.tops: tops}\n"),
              "t.yaml: line 4, key 'reference_filter': selects no row of reference/seed_paper_hardware.csv");
    EXPECT_EQ(error_of(base + ref + axes + "reference_metric: {run.study.tops: tops}\n"),
              "t.yaml: line 6, key 'reference_metric': unknown key; a sweep file has name, base, command, grid, "
              "points, reference, reference_* or parts; did you mean 'reference_metrics'?");
}

TEST(sweep_file, errors_name_the_file_the_line_and_the_key) {
    EXPECT_EQ(error_of("command: run\ngrid: {adc-bitz: [3]}\n"),
              "t.yaml: line 2, key 'adc-bitz': unknown key (not a sweep field, a pimscope option (arch, net, "
              "adc-bits, input-bits, mode, input-size, seed, images, study, study-quirks, dataset, limit, threads) "
              "or a config key such as adc.bits); did you mean 'adc-bits'?");
    EXPECT_EQ(error_of("command: run\ngirds: {}\n"),
              "t.yaml: line 2, key 'girds': unknown key; a sweep file has name, base, command, grid, points, "
              "reference, reference_* or parts");
    const std::string base = "command: run\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}\n";
    EXPECT_EQ(error_of(base + "grid: {adc-bits: [3, five]}\n"),
              "t.yaml: line 3, key 'adc-bits': expected a positive integer, got 'five'");
    EXPECT_EQ(error_of(base + "grid: {mode: [fast]}\n"),
              "t.yaml: line 3, key 'mode': expected 'pipelined' or 'layer', got 'fast'");
    EXPECT_EQ(error_of(base + "grid: {threads: [2]}\n"),
              "t.yaml: line 3, key 'threads': is an option of `pimscope accuracy`, which this part does not run");
    EXPECT_NE(error_of(base + "grid: {adc.bitz: [3]}\n").find("t.yaml: line 3, key 'adc.bitz': unknown key (not a key of"),
              std::string::npos);
    // The arch loader checks config values; the message says which point.
    const std::string bad_range = error_of(base + "grid: {adc.range: [fixed, minmax]}\n");
    EXPECT_EQ(bad_range.rfind("t.yaml: point 1 (adc.range=minmax): ", 0), 0u) << bad_range;
    EXPECT_NE(bad_range.find("adc.range"), std::string::npos);
    EXPECT_EQ(error_of("command: run\ngrid: {adc-bits: [3]}\n"),
              "t.yaml: key 'arch': missing: give it in base (or as an axis) of part 't'");
    EXPECT_EQ(error_of(base + "grid: {net: [nope.yaml]}\n"),
              "t.yaml: line 3, key 'net': expected an existing file (relative paths are relative to the sweep "
              "file), got 'nope.yaml'");
    EXPECT_EQ(error_of("grid: {adc-bits: [3]}\n"),
              "t.yaml: line 1, key 'command': missing: say which commands each point runs (run, accuracy)");
    EXPECT_EQ(error_of("command: [run, simulate]\n"),
              "t.yaml: line 1, key 'command': expected 'run' or 'accuracy', got 'simulate'");
    try {
        load_sweep_file("/nonexistent/sweep.yaml");
        FAIL();
    } catch (const input_error& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/sweep.yaml: cannot open file");
    }
}

// run takes a dataset too (run --dataset D --limit N): the options pass through, and the
// combinations run itself refuses are refused with the sweep file's line.
TEST(sweep_file, run_points_stream_a_dataset) {
    const std::string base = "command: run\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/fmnist_bnn.yaml}\n";
    const auto s = parse(base + "grid: {dataset: [\"fashion-mnist:test\"], limit: [5, 20]}\n");
    ASSERT_EQ(s.points.size(), 2u);
    const auto argv = point_command_line(s, s.points[1], command::run, "pimscope", "o/run");
    const auto at = std::find(argv.begin(), argv.end(), "--dataset");
    ASSERT_NE(at, argv.end());
    EXPECT_EQ(*(at + 1), "fashion-mnist:test");
    const auto lim = std::find(argv.begin(), argv.end(), "--limit");
    ASSERT_NE(lim, argv.end());
    EXPECT_EQ(*(lim + 1), "20");
    EXPECT_EQ(error_of(base + "grid: {images: [2], dataset: [\"fashion-mnist:test\"]}\n"),
              "t.yaml: line 3, key 'images': `pimscope run` streams synthetic images (images) or a dataset "
              "(dataset), not both");
    EXPECT_EQ(error_of(base + "grid: {limit: [5]}\n"),
              "t.yaml: line 3, key 'limit': `pimscope run --limit` needs a dataset: give dataset too");
    EXPECT_EQ(error_of(base + "grid: {dataset: [\"fashion-mnist:test\"], limit: [0]}\n"),
              "t.yaml: line 3, key 'limit': expected a positive integer for `pimscope run` (0, every image, is "
              "for accuracy only), got '0'");
    // accuracy keeps limit 0 (every image)
    EXPECT_NO_THROW(parse("command: accuracy\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/fmnist_bnn.yaml, "
                          "dataset: \"fashion-mnist:test\", limit: 0}\n"));
}

// A sweep's size is bounded before it expands: four axes of 65 536 values multiply to 2^64,
// which wrapped to 0 and gave a sweep of no points (exit 0, nothing run); 101 000 points
// would take a minute to validate before saying anything.
TEST(sweep_file, too_many_points_are_refused_before_expanding) {
    auto grid = [](const std::vector<std::pair<std::string, int>>& axes) {
        std::string t = "name: t\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/bresnete18.yaml}\n"
                        "command: run\ngrid:\n";
        for (const auto& [key, n] : axes) {
            t += "  " + key + ": [";
            for (int i = 1; i <= n; ++i) t += std::to_string(i) + (i < n ? "," : "]\n");
        }
        return t;
    };
    const std::string wrap = error_of(grid({{"seed", 65536}, {"images", 65536}, {"input-size", 65536}, {"adc-bits", 65536}}));
    EXPECT_NE(wrap.find("t.yaml: part 't': the grid has more than 2^64 points (65536 x 65536 x 65536 x 65536); a sweep may have at most 100000"), std::string::npos)
        << wrap;
    const std::string big = error_of(grid({{"seed", 1000}, {"images", 101}}));
    EXPECT_NE(big.find("the grid has 101000 points (1000 x 101); a sweep may have at most 100000"), std::string::npos)
        << big;
    EXPECT_EQ(parse(grid({{"seed", 10}, {"adc-bits", 8}})).points.size(), 80u);
}

// Option values the command would refuse fail when the sweep file loads, not in every
// point's child process.
TEST(sweep_file, option_values_within_the_commands_ranges) {
    const std::string acc = "name: t\nbase: {arch: ../arch/rram22_xnor.yaml, net: ../nets/fmnist_bnn.yaml, limit: 5}\n"
                            "command: accuracy\ngrid:\n  threads: [2, 2000]\n";
    std::string e = error_of(acc);
    EXPECT_NE(e.find("t.yaml: line 5, key 'threads': expected an integer from 1 to 1024, got '2000'"), std::string::npos)
        << e;
    const std::string run = std::string(two_axes) + "  images: [3000000000]\n";
    e = error_of(run);
    EXPECT_NE(e.find("key 'images': expected an integer from 1 to 2147483647, got '3000000000'"), std::string::npos)
        << e;
}

TEST(sweep_file, command_lines_pass_options_and_config_keys) {
    const auto s = parse(R"(
base: {arch: ../arch/rram22_xnor.yaml, net: ../nets/fmnist_bnn.yaml, input.scheme: unsigned}
command: [run, accuracy]
grid: {input-bits: [4], study: [true], dataset: ["fashion-mnist:test"]}
)");
    const auto run = point_command_line(s, s.points[0], command::run, "pimscope", "o/run");
    const std::vector<std::string> expect_run{
        "pimscope", "run", "--arch", PIMSCOPE_SOURCE_DIR "/configs/arch/rram22_xnor.yaml", "--net",
        PIMSCOPE_SOURCE_DIR "/configs/nets/fmnist_bnn.yaml", "--set", "input.scheme=unsigned", "--input-bits", "4", "--study",
        "--dataset", "fashion-mnist:test", "--out", "o/run"};
    EXPECT_EQ(run, expect_run);
    const auto acc = point_command_line(s, s.points[0], command::accuracy, "pimscope", "o/acc");
    EXPECT_EQ(acc[1], "accuracy");
    EXPECT_EQ(std::count(acc.begin(), acc.end(), "--study"), 0);
    EXPECT_EQ(std::count(acc.begin(), acc.end(), "fashion-mnist:test"), 1);
}

TEST(point_store, metrics_are_flattened_without_wall_clock_or_arrays) {
    std::vector<std::pair<std::string, std::string>> m;
    append_metrics(R"({"true": {"latency_s": 1.5e-3, "fps": 600}, "host_seconds": {"total": 0.7}, "seconds": 2,
                       "images": [1, 2], "name": "x", "ok": true})",
                   "run", "s.json", m);
    const std::vector<std::pair<std::string, std::string>> expect{
        {"run.true.latency_s", "0.0015"}, {"run.true.fps", "600"}, {"run.name", "x"}, {"run.ok", "true"}};
    EXPECT_EQ(m, expect);
    EXPECT_THROW(append_metrics("{", "run", "s.json", m), input_error);
}

TEST(point_store, results_csv_is_in_point_order_with_every_metric) {
    const auto s = parse(two_axes);
    std::map<int, point_record> recs;
    for (int i : {3, 0, 1}) {
        point_record r;
        r.index = i;
        r.part = "t";
        for (const auto& st : s.points[std::size_t(i)].settings) r.settings.emplace_back(st.key, st.value);
        r.status = i == 1 ? "failed" : "ok";
        r.error = i == 1 ? "pimscope: error: bad, \"really\"" : "";
        if (i != 1) r.metrics = {{"run.a", std::to_string(i)}};
        if (i == 3) r.metrics.emplace_back("run.b", "x");
        r.seconds = 10.0 + i;   // must not reach results.csv
        recs[i] = r;
    }
    EXPECT_EQ(results_csv(s, recs),
              "point,part,adc-bits,mode,status,error,run.a,run.b\n"
              "0,t,3,pipelined,ok,,0,\n"
              "1,t,3,layer,failed,\"pimscope: error: bad, \"\"really\"\"\",,\n"
              "3,t,4,layer,ok,,3,x\n");
    EXPECT_EQ(timing_csv(recs).substr(0, 34), "point,part,status,worker,seconds\n0");
}

TEST(point_store, records_round_trip_through_json) {
    point_record r;
    r.index = 7;
    r.part = "hw";
    r.settings = {{"adc-bits", "4"}, {"net", "a.yaml"}};
    r.status = "failed";
    r.error = "pimscope: error: x";
    r.metrics = {{"run.z", "1"}, {"run.a", "2"}};   // order is kept
    r.seconds = 1.25;
    r.worker = 1;
    const point_record b = record_from_json(record_to_json(r), "x");
    EXPECT_EQ(b.index, 7);
    EXPECT_EQ(b.settings, r.settings);
    EXPECT_EQ(b.metrics, r.metrics);
    EXPECT_EQ(b.error, r.error);
    EXPECT_EQ(b.worker, 1);
}

TEST(point_store, resume_keeps_finished_points_and_drops_partial_ones) {
    temp_dir t;
    const std::string out = t.path.string();
    const auto s = parse(two_axes);
    EXPECT_TRUE(prepare_output(out, s, false).empty());
    point_record r;
    r.index = 2;
    r.part = "t";
    r.status = "ok";
    r.metrics = {{"run.a", "1"}};
    commit_point(out, r);
    fs::create_directories(partial_dir(out, 3) + "/run");   // a point killed midway
    EXPECT_TRUE(fs::exists(point_dir(out, 2) + "/summary.json"));
    // Without --resume the directory is taken.
    EXPECT_THROW(prepare_output(out, s, false), input_error);
    const auto done = prepare_output(out, s, true);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done.begin()->first, 2);
    EXPECT_FALSE(fs::exists(partial_dir(out, 3)));
    // A different sweep cannot resume into it.
    const auto other = parse(std::string(two_axes) + "  input-bits: [2]\n");
    EXPECT_THROW(prepare_output(out, other, true), input_error);
}

TEST(point_store, merged_shards_equal_the_unsplit_accuracy_json) {
    auto shard = [](int images, int g1, int h1, int agree, int checked, double secs, const char* extra) {
        return std::string("{\"agreement\": 0.5, \"arch\": {\"adc_bits\": 4}, \"counts\": {\"agree\": ") +
               std::to_string(agree) + ", \"golden_checked\": " + std::to_string(checked) +
               ", \"golden_top1\": " + std::to_string(g1) + ", \"golden_top5\": " + std::to_string(images) +
               ", \"hw_top1\": " + std::to_string(h1) + ", \"hw_top5\": " + std::to_string(images) +
               ", \"images\": " + std::to_string(images) + "}, \"dataset\": {\"images\": " + std::to_string(images) +
               "}, \"golden\": {\"top1\": 0.1, \"top5\": 1.0}, \"golden_cross_checked_images\": " +
               std::to_string(checked) + ", \"hardware\": {\"top1\": 0.2, \"top5\": 1.0}, \"seconds\": " +
               std::to_string(secs) + extra + "}";
    };
    const std::string merged = merge_accuracy_shards(
        {shard(3, 1, 2, 3, 1, 0.5, ", \"shard\": {\"index\": 0}"), shard(4, 2, 1, 3, 0, 0.25, ", \"shard\": {\"index\": 1}")},
        "m");
    std::vector<std::pair<std::string, std::string>> m;
    append_metrics(merged, "a", "m", m);
    std::map<std::string, std::string> got(m.begin(), m.end());
    EXPECT_EQ(got["a.counts.images"], "7");
    EXPECT_EQ(got["a.dataset.images"], "7");
    EXPECT_EQ(got["a.counts.golden_top1"], "3");
    EXPECT_EQ(std::stod(got["a.golden.top1"]), 3.0 / 7.0);
    EXPECT_EQ(std::stod(got["a.hardware.top1"]), 3.0 / 7.0);
    EXPECT_EQ(std::stod(got["a.agreement"]), 6.0 / 7.0);
    EXPECT_EQ(got["a.golden_cross_checked_images"], "1");
    EXPECT_EQ(got["a.arch.adc_bits"], "4");
    EXPECT_EQ(got.count("a.shard.index"), 0u);
    EXPECT_NE(merged.find("\"seconds\": 0.75"), std::string::npos);
}
