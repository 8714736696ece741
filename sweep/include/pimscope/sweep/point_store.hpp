#pragma once
// A sweep's output directory:
//   DIR/sweep.json               the expanded points (a --resume must find the same ones)
//   DIR/points/NNNN/summary.json one point's record: settings, status, error, metrics
//   DIR/points/NNNN/run/, accuracy/  the child commands' own outputs and logs
//   DIR/results.csv              one row per point, in point order; no wall-clock figures
//   DIR/timing.csv               wall-clock seconds per point (differs run to run)
// A point is built in DIR/points/.NNNN.partial and renamed into place when complete, so a
// killed sweep never leaves a half-written point that looks finished.
#include "pimscope/sweep/text_files.hpp"
#include "pimscope/sweep/sweep_file.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::sweep {

struct point_record {
    int index = 0;
    std::string part;
    std::vector<std::pair<std::string, std::string>> settings;   // every setting of the point
    std::string status;   // "ok" or "failed"
    std::string error;    // the failing command's message
    std::vector<std::pair<std::string, std::string>> metrics;    // flattened, in output order
    double seconds = 0;   // wall clock: kept out of results.csv
    int worker = 0;       // MPI rank that ran it
};

std::string record_to_json(const point_record& r);
point_record record_from_json(const std::string& text, const std::string& origin);

// Flattens the numbers, strings and booleans of a command's JSON output into
// "prefix.a.b" metrics; arrays (per-image, per-layer detail) stay in the point's files,
// and wall-clock fields are dropped so that results do not depend on the machine's load.
void append_metrics(const std::string& json_text, const std::string& prefix, const std::string& origin,
                    std::vector<std::pair<std::string, std::string>>& out);

std::string point_name(int index);                               // "0007"
std::string point_dir(const std::string& out, int index);         // DIR/points/0007
std::string partial_dir(const std::string& out, int index);       // DIR/points/.0007.partial

// Prepares DIR for the sweep and returns the points already complete (by index). Without
// resume, DIR must not hold another sweep; with resume, DIR must hold this one. Partial
// points are removed either way.
std::map<int, point_record> prepare_output(const std::string& out, const sweep_spec& s, bool resume);

// Writes the record as DIR/points/.NNNN.partial/summary.json and renames the partial
// directory into place (creating it when the point's commands wrote nothing there).
void commit_point(const std::string& out, const point_record& r);

// results.csv: point, part, the sweep's axes, status, error, then every metric any
// point has (columns in order of first appearance by point index). Rows by index.
std::string results_csv(const sweep_spec& s, const std::map<int, point_record>& records);
std::string timing_csv(const std::map<int, point_record>& records);


} // namespace pimscope::sweep

#include "pimscope/sweep/process_pool.hpp"

namespace pimscope::sweep {

// Creates the point's partial directory and the job that runs its commands there
// (outputs in run/ and accuracy/, logs beside them).
point_job make_job(const sweep_spec& s, const point& p, const std::string& exe, const std::string& out);

// One dataset shard of an accuracy point: `pimscope accuracy --shard K/N`, writing into
// the point's partial directory as accuracy.shardK/ (shards may run on several ranks).
point_job make_shard_job(const sweep_spec& s, const point& p, int shard, int shards, const std::string& exe,
                         const std::string& out);
std::string shard_output(const std::string& out, int index, int shard);   // its accuracy.json

// Merges the shards' accuracy.json texts (in shard order) into the accuracy.json an
// unsplit `pimscope accuracy` writes: counts summed, fractions recomputed from them.
std::string merge_accuracy_shards(const std::vector<std::string>& shards, const std::string& origin);

// Builds the finished point's record from its commands' outputs and commits it.
point_record finish_point(const sweep_spec& s, const point& p, const job_result& jr, const std::string& out,
                          int worker);

} // namespace pimscope::sweep
