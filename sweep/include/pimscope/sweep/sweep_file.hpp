#pragma once
// A sweep file (configs/sweeps/*.yaml, format in docs/sweeps.md): one or more parts, each
// a base setting, a grid of axes and/or a list of explicit points, and the pimscope
// commands every point runs. Plain C++ (no kernel): the driver in apps/ turns each point
// into child-process command lines.
#include <string>
#include <utility>
#include <vector>

namespace pimscope::sweep {

enum class command { run, accuracy };
const char* command_name(command c);

// One assignment: a pimscope option ("adc-bits") or a config key ("adc.range", passed
// as --set). `line` is where the sweep file gave it (0: not from the file).
struct setting {
    std::string key, value;
    int line = 0;
};

struct axis {
    std::string key;
    std::vector<std::string> values;
    int line = 0;
};

// Published values to show beside a part's results (docs/sweeps.md, "Reference values"):
// a CSV file, which of its columns hold the part's axes and which its metrics. Read and
// checked when the sweep file loads, so a wrong column name fails before any point runs.
struct reference_metric {
    std::string metric;   // results.csv column, e.g. run.study.chip_area_m2
    std::string column;   // reference CSV column, e.g. chip_area_mm2
    double scale = 1;     // metric = column value * scale (units: mm² to m² is 1e-6)
};
struct reference_data {
    std::string file;                                          // resolved path ("" : none)
    std::string label;                                         // heading of the published tables
    std::vector<std::pair<std::string, std::string>> axes;     // sweep axis -> CSV column
    std::vector<std::pair<std::string, std::string>> filter;   // CSV column -> required value
    std::vector<reference_metric> metrics;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;                // rows passing the filter
};

struct part {
    std::string name;
    reference_data reference;
    std::vector<command> commands;
    std::vector<setting> base;                  // the same for every point of the part
    std::vector<axis> grid;                     // full product, first axis outermost
    std::vector<std::vector<setting>> points;   // explicit points, each crossed with the grid
};

struct point {
    int index = 0;   // position in the whole sweep: the row order of results.csv
    int part = 0;    // index into sweep_spec::parts
    // Every setting of the point, base first, then the point's own and the grid's values
    // (a later one replaces an earlier one with the same key).
    std::vector<setting> settings;
    // An accuracy-only point whose ADC range policy lets its images be evaluated in
    // independent shards (fixed, calibrated; not study, which needs the whole set).
    bool shardable = false;
    const std::string* find(const std::string& key) const;
};

struct sweep_spec {
    std::string file;   // the sweep file as given (for messages)
    std::string dir;    // relative arch/net paths are resolved against it
    std::string name;
    std::vector<part> parts;
    std::vector<point> points;         // the expansion, in index order
    std::vector<std::string> axes;     // keys that vary anywhere, in file order: CSV columns
};

// Parses, expands and validates a sweep file: unknown keys, values of the wrong type, an
// option the part's commands do not take, and config values the arch rejects are
// input_errors naming the sweep file and the key (and its line).
sweep_spec load_sweep_file(const std::string& path);
// The directory a sweep file's relative paths are relative to.
std::string sweep_file_dir(const std::string& path);
sweep_spec load_sweep_text(const std::string& text, const std::string& origin, const std::string& dir);

// The command line (argv, argv[0] = exe) that runs one command of a point, writing its
// outputs into out_dir.
std::vector<std::string> point_command_line(const sweep_spec& s, const point& p, command c,
                                            const std::string& exe, const std::string& out_dir);

// The keys that vary inside one part (its explicit points' keys, then its grid's).
std::vector<std::string> part_axes(const part& p);

// The published value of `metric` for a point with these settings (already scaled to the
// metric's unit), or false when the reference has no row or no mapping for it. A path
// setting matches by its file stem: net ../nets/balexnet.yaml matches model balexnet.
bool reference_value(const reference_data& r, const std::vector<std::pair<std::string, std::string>>& settings,
                     const std::string& metric, double& out);

// "adc-bits=3 net=../nets/balexnet.yaml": the point's values on its part's axes.
std::string describe(const sweep_spec& s, const point& p);

} // namespace pimscope::sweep
