#pragma once
// Runs sweep points as child processes, at most `slots` at a time. Each point is a
// short sequence of commands (run, then accuracy) run one after the other; a failing
// command ends its point. Child processes because the SystemC kernel elaborates only
// once per process. poll() never blocks, so an MPI driver can serve messages between
// polls.
#include <string>
#include <sys/types.h>
#include <vector>

namespace pimscope::sweep {

struct point_job {
    int index = 0;
    int shard = -1;   // >= 0: one dataset shard of an accuracy point (sweep::make_shard_job)
    std::vector<std::vector<std::string>> commands;   // argv of each command
    std::vector<std::string> logs;                    // stdout+stderr file of each command
};

struct job_result {
    int index = 0;
    int shard = -1;
    bool ok = true;
    std::string error;   // the failing command's last "pimscope: ..." line, or how it died
    double seconds = 0;  // wall clock of the whole point
};

class process_pool {
public:
    explicit process_pool(int slots) : m_slots(slots) {}
    process_pool(const process_pool&) = delete;
    process_pool& operator=(const process_pool&) = delete;

    bool full() const { return int(m_running.size()) >= m_slots; }
    bool idle() const { return m_running.empty(); }
    void start(point_job job);
    // Reaps finished children, starts each point's next command, returns finished points.
    std::vector<job_result> poll();

private:
    struct running {
        point_job job;
        std::size_t step = 0;
        pid_t pid = -1;
        double started = 0;
    };
    // Spawns the current command of r; on failure to spawn, returns the error.
    std::string spawn(running& r);

    int m_slots;
    std::vector<running> m_running;
};

// The message a failed command left: its last line starting with "pimscope:", or its
// last non-empty line.
std::string failure_message(const std::string& log_path);

} // namespace pimscope::sweep
