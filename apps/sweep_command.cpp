// `pimscope sweep`: the driver around sweep/ (parsing, expansion, point records). Rank 0
// (or the only process) owns the output directory and the queue of pending points; with
// MPI, the other ranks ask it for points one at a time, run them as child processes, and
// send their records back, so that rank 0 writes one results.csv in point order — the
// same file a single process writes.
#include "sweep_command.hpp"

#include "self_exe.hpp"
#include "pimscope/common/error.hpp"
#include "pimscope/sweep/point_store.hpp"
#include "pimscope/sweep/process_pool.hpp"
#include "pimscope/sweep/sweep_file.hpp"
#include "pimscope/sweep/sweep_report.hpp"

#ifdef PIMSCOPE_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <unistd.h>

namespace pimscope::app {
namespace {

namespace fs = std::filesystem;
using namespace pimscope::sweep;

void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }

#ifdef PIMSCOPE_HAVE_MPI
// Started by mpirun (OpenMPI or a PMI launcher)? Without one, MPI stays uninitialised and
// the sweep runs as one process: no singleton MPI start-up on a laptop.
bool launched_by_mpirun() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_RANK") || std::getenv("PMIX_RANK");
}
enum tag : int { tag_request = 1, tag_assign = 2, tag_result = 3, tag_shard_result = 4, tag_exit_code = 5 };
#endif

// The rank's view of the job: rank, size and (with MPI) the communicator.
struct world {
    int rank = 0, size = 1;
#ifdef PIMSCOPE_HAVE_MPI
    std::unique_ptr<boost::mpi::environment> env;
    std::unique_ptr<boost::mpi::communicator> comm;
#endif
};

void print_progress(const sweep_spec& s, const point_record& r, std::size_t finished, std::size_t total) {
    char t[32];
    std::snprintf(t, sizeof t, "%.1f s", r.seconds);
    std::cout << "[" << finished << "/" << total << "] point " << point_name(r.index) << " " << r.part << ": "
              << describe(s, s.points[std::size_t(r.index)]) << "  " << r.status << " (" << t
              << (r.worker > 0 ? ", rank " + std::to_string(r.worker) : r.worker < 0 ? ", shards on every rank" : "")
              << ")"
              << (r.error.empty() ? "" : "  " + r.error) << std::endl;
}

// A unit of work: a whole point, or one dataset shard of an accuracy point.
struct task {
    int index = 0;
    int shard = -1;   // -1: the whole point
    int shards = 0;
};

point_job job_for(const sweep_spec& s, const task& t, const std::string& exe, const std::string& out) {
    const point& p = s.points[std::size_t(t.index)];
    return t.shard < 0 ? make_job(s, p, exe, out) : make_shard_job(s, p, t.shard, t.shards, exe, out);
}

std::string read_if_exists(const std::string& path) {
    return fs::exists(path) ? read_text_file(path) : std::string();
}

// Rank 0's bookkeeping of split points: when the last shard is in, the shards'
// accuracy.json files are merged into the point's accuracy/accuracy.json and the point
// is finished like any other.
class shard_collector {
public:
    shard_collector(const sweep_spec& s, const std::string& out) : m_s(s), m_out(out) {}

    void expect(int index, int shards) { m_points[index].results.resize(std::size_t(shards)); }

    // Returns the point's record once all its shards have reported.
    std::optional<point_record> add(int index, int shard, bool ok, const std::string& error, double seconds,
                                    const std::string& output) {
        auto& st = m_points.at(index);
        st.results.at(std::size_t(shard)) = {true, ok, error, seconds, output};
        for (const auto& r : st.results)
            if (!r.reported) return std::nullopt;
        job_result jr;
        jr.index = index;
        for (const auto& r : st.results) {   // shard order: the same error whichever finished first
            jr.seconds += r.seconds;
            if (jr.ok && !r.ok) {
                jr.ok = false;
                jr.error = r.error;
            }
        }
        if (jr.ok) {
            try {
                std::vector<std::string> texts;
                for (const auto& r : st.results) texts.push_back(r.output);
                const std::string dir = partial_dir(m_out, index) + "/accuracy";
                fs::create_directories(dir);
                write_file_atomically(dir + "/accuracy.json", merge_accuracy_shards(texts, dir));
            } catch (const input_error& e) {
                jr.ok = false;
                jr.error = e.what();
            }
        }
        m_points.erase(index);
        // worker -1: the point ran on several ranks
        return finish_point(m_s, m_s.points[std::size_t(index)], jr, m_out, -1);
    }

private:
    struct shard_result {
        bool reported = false, ok = false;
        std::string error;
        double seconds = 0;
        std::string output;   // the shard's accuracy.json
    };
    struct point_state {
        std::vector<shard_result> results;
    };
    const sweep_spec& m_s;
    std::string m_out;
    std::map<int, point_state> m_points;
};

// Rank 0: runs points locally and hands points to the other ranks until all are done.
// With several ranks, a shardable accuracy point is split into one shard per rank.
std::map<int, point_record> run_master(world& w, const sweep_spec& s, const sweep_args& a, const std::string& exe,
                                       std::map<int, point_record> records) {
    std::deque<task> pending;
    shard_collector shards(s, a.out);
    for (const auto& p : s.points) {
        if (records.count(p.index)) continue;
        if (w.size > 1 && p.shardable) {
            shards.expect(p.index, w.size);
            for (int k = 0; k < w.size; ++k) pending.push_back({p.index, k, w.size});
        } else {
            pending.push_back({p.index, -1, 0});
        }
    }
    std::size_t finished = records.size();
    if (finished) std::cout << "resuming: " << finished << " of " << s.points.size() << " points already done\n";
    auto record = [&](point_record r) {
        print_progress(s, r, ++finished, s.points.size());
        records[r.index] = std::move(r);
    };

    process_pool pool(a.jobs);
    int open_workers = w.size - 1;   // ranks not yet told that the queue is empty
    int remote_running = 0;
    while (!pending.empty() || !pool.idle() || open_workers > 0 || remote_running > 0) {
        bool active = false;
        while (!pool.full() && !pending.empty()) {
            pool.start(job_for(s, pending.front(), exe, a.out));
            pending.pop_front();
            active = true;
        }
        for (const auto& jr : pool.poll()) {
            if (jr.shard < 0) {
                record(finish_point(s, s.points[std::size_t(jr.index)], jr, a.out, 0));
            } else if (auto r = shards.add(jr.index, jr.shard, jr.ok, jr.error, jr.seconds,
                                           read_if_exists(shard_output(a.out, jr.index, jr.shard)))) {
                record(std::move(*r));
            }
            active = true;
        }
#ifdef PIMSCOPE_HAVE_MPI
        while (w.comm) {
            const auto st = w.comm->iprobe(boost::mpi::any_source, boost::mpi::any_tag);
            if (!st) break;
            active = true;
            if (st->tag() == tag_request) {
                w.comm->recv(st->source(), tag_request);
                std::vector<int> t{-1, -1, 0};   // index -1: no more work
                if (!pending.empty()) {
                    t = {pending.front().index, pending.front().shard, pending.front().shards};
                    pending.pop_front();
                    ++remote_running;
                } else {
                    --open_workers;
                }
                w.comm->send(st->source(), tag_assign, t);
            } else if (st->tag() == tag_result) {
                std::string text;
                w.comm->recv(st->source(), tag_result, text);
                point_record r = record_from_json(text, "rank " + std::to_string(st->source()));
                --remote_running;
                // Without a shared file system the worker's copy is on its own node.
                if (!fs::exists(point_dir(a.out, r.index))) commit_point(a.out, r);
                record(std::move(r));
            } else if (st->tag() == tag_shard_result) {
                std::string text;
                w.comm->recv(st->source(), tag_shard_result, text);
                const auto j = nlohmann::json::parse(text);
                --remote_running;
                if (auto r = shards.add(j.at("index"), j.at("shard"), j.at("ok"), j.at("error"), j.at("seconds"),
                                        j.at("output")))
                    record(std::move(*r));
            }
        }
#endif
        if (!active) nap();
    }
    return records;
}

#ifdef PIMSCOPE_HAVE_MPI
// Ranks 1..N-1: ask rank 0 for work whenever a slot is free, run it, send the result.
void run_worker(world& w, const sweep_spec& s, const sweep_args& a, const std::string& exe) {
    process_pool pool(a.jobs);
    bool asked = false, exhausted = false;
    while (!exhausted || !pool.idle()) {
        bool active = false;
        if (!exhausted && !asked && !pool.full()) {
            w.comm->send(0, tag_request);
            asked = true;
        }
        if (asked && w.comm->iprobe(0, tag_assign)) {
            std::vector<int> t;
            w.comm->recv(0, tag_assign, t);
            asked = false;
            if (t.at(0) < 0) exhausted = true;
            else pool.start(job_for(s, {t[0], t[1], t[2]}, exe, a.out));
            active = true;
        }
        for (const auto& jr : pool.poll()) {
            if (jr.shard < 0) {
                const point_record r = finish_point(s, s.points[std::size_t(jr.index)], jr, a.out, w.rank);
                w.comm->send(0, tag_result, record_to_json(r));
            } else {
                // The shard's output travels in the message: rank 0 may not see this file system.
                const nlohmann::json j = {{"index", jr.index},     {"shard", jr.shard}, {"ok", jr.ok},
                                          {"error", jr.error},     {"seconds", jr.seconds},
                                          {"output", read_if_exists(shard_output(a.out, jr.index, jr.shard))}};
                w.comm->send(0, tag_shard_result, j.dump());
            }
            active = true;
        }
        if (!active) nap();
    }
}
#endif

int finish(const sweep_spec& s, const sweep_args& a, const std::map<int, point_record>& records) {
    write_file_atomically(a.out + "/results.csv", results_csv(s, records));
    write_file_atomically(a.out + "/timing.csv", timing_csv(records));
    write_file_atomically(a.out + "/report.html", sweep_report_html(s, records));
    std::size_t failed = 0;
    for (const auto& kv : records) failed += kv.second.status != "ok";
    std::cout << "sweep " << s.name << ": " << records.size() << " points, " << records.size() - failed << " ok, "
              << failed << " failed\n"
              << "  wrote " << a.out << "/results.csv, " << a.out << "/report.html, " << a.out
              << "/timing.csv, " << a.out << "/points/<index>/summary.json\n";
    if (failed) {
        std::cerr << "pimscope: " << failed << " of " << records.size()
                  << " points failed; results.csv has their errors\n";
        return 1;
    }
    return 0;
}

} // namespace

int sweep_command(const sweep_args& a) {
    if (a.jobs < 1) throw input_error("", "--jobs", "must be >= 1");
    world w;
#ifdef PIMSCOPE_HAVE_MPI
    if (launched_by_mpirun()) {
        w.env = std::make_unique<boost::mpi::environment>();
        w.comm = std::make_unique<boost::mpi::communicator>();
        w.rank = w.comm->rank();
        w.size = w.comm->size();
    }
#else
    // Every rank would run the whole sweep into the same directory.
    if (const char* n = std::getenv("OMPI_COMM_WORLD_SIZE"); n && std::atoi(n) > 1)
        throw input_error("", "mpirun", "this pimscope was built without MPI (PIMSCOPE_MPI=OFF): run the sweep "
                                        "in one process, with --jobs for parallelism");
#endif
    if (w.size == 1) {
        const sweep_spec s = load_sweep_file(a.file);
        if (a.list) {
            for (const auto& p : s.points)
                for (command c : s.parts[std::size_t(p.part)].commands) {
                    const std::string out = point_dir(a.out, p.index) + "/" + command_name(c);
                    std::cout << point_name(p.index);
                    for (const auto& arg : point_command_line(s, p, c, "pimscope", out)) std::cout << " " << arg;
                    std::cout << "\n";
                }
            return 0;
        }
        auto done = prepare_output(a.out, s, a.resume);
        return finish(s, a, run_master(w, s, a, self_exe(), std::move(done)));
    }
#ifdef PIMSCOPE_HAVE_MPI
    // Rank 0 reads and checks the sweep and prepares the output directory; the others get
    // the file's text from it, so that every rank expands exactly the same points (and a
    // bad file gives one message, not one per rank).
    std::string text, dir, error;
    std::optional<sweep_spec> spec;
    std::map<int, point_record> done;
    if (w.rank == 0) {
        try {
            if (a.list) throw input_error("", "--list", "lists points in a single process (run it without mpirun)");
            text = read_text_file(a.file);
            dir = sweep_file_dir(a.file);
            spec = load_sweep_text(text, a.file, dir);
            done = prepare_output(a.out, *spec, a.resume);
        } catch (const input_error& e) {
            error = e.what();
        }
    }
    boost::mpi::broadcast(*w.comm, error, 0);
    if (!error.empty()) {
        if (w.rank == 0) throw input_error("", "", error);
        return 2;
    }
    boost::mpi::broadcast(*w.comm, text, 0);
    boost::mpi::broadcast(*w.comm, dir, 0);
    if (w.rank != 0) spec = load_sweep_text(text, a.file, dir);
    const std::string exe = self_exe();
    int rc = 0;
    try {
        if (w.rank == 0) rc = finish(*spec, a, run_master(w, *spec, a, exe, std::move(done)));
        else run_worker(w, *spec, a, exe);
    } catch (const std::exception& e) {
        // A rank that cannot go on would leave the others waiting for it.
        std::cerr << "pimscope: error on rank " << w.rank << ": " << e.what() << std::endl;
        w.comm->abort(2);
    }
    // The exit code goes to every rank as a message that the others poll for with naps: a
    // blocking collective would spin a core per finished rank while rank 0's last points run.
    if (w.rank == 0) {
        for (int r = 1; r < w.size; ++r) w.comm->send(r, tag_exit_code, rc);
    } else {
        while (!w.comm->iprobe(0, tag_exit_code)) nap();
        w.comm->recv(0, tag_exit_code, rc);
    }
    return rc;
#else
    return 0;
#endif
}

} // namespace pimscope::app
