// Child processes through posix_spawn: no fork of a large parent (the driver may hold
// MPI state), and the child's output goes to a log file in the point's directory.
#include "pimscope/sweep/process_pool.hpp"

#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace pimscope::sweep {
namespace {

double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

std::string failure_message(const std::string& log_path) {
    std::ifstream in(log_path);
    std::string line, last, last_pimscope;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        last = line;
        if (line.rfind("pimscope:", 0) == 0) last_pimscope = line;
    }
    return !last_pimscope.empty() ? last_pimscope : last;
}

std::string process_pool::spawn(running& r) {
    const auto& args = r.job.commands[r.step];
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const char* log = r.job.logs[r.step].c_str();
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    const int rc = posix_spawn(&r.pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        r.pid = -1;
        return "cannot start " + args[0] + ": " + std::strerror(rc);
    }
    return "";
}

void process_pool::start(point_job job) {
    running r;
    r.job = std::move(job);
    r.started = now_s();
    m_running.push_back(std::move(r));   // spawned by the next poll()
}

std::vector<job_result> process_pool::poll() {
    std::vector<job_result> done;
    for (std::size_t i = 0; i < m_running.size();) {
        running& r = m_running[i];
        std::string error;
        bool finished = false;
        auto next_command = [&] {
            if (r.step >= r.job.commands.size()) {
                finished = true;
            } else {
                error = spawn(r);
                finished = !error.empty();
            }
        };
        if (r.pid < 0) {
            next_command();   // a point start() queued
        } else {
            int status = 0;
            const pid_t w = waitpid(r.pid, &status, WNOHANG);
            if (w == r.pid) {
                r.pid = -1;
                if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                    ++r.step;
                    next_command();
                } else {
                    finished = true;
                    const std::string msg = failure_message(r.job.logs[r.step]);
                    if (WIFSIGNALED(status))
                        error = "killed by signal " + std::to_string(WTERMSIG(status)) + (msg.empty() ? "" : ": " + msg);
                    else
                        error = msg.empty() ? "exit code " + std::to_string(WEXITSTATUS(status)) : msg;
                }
            } else if (w < 0) {
                finished = true;
                error = std::string("lost the child process: ") + std::strerror(errno);
                r.pid = -1;
            }
        }
        if (finished) {
            done.push_back({r.job.index, r.job.shard, error.empty(), error, now_s() - r.started});
            m_running.erase(m_running.begin() + long(i));
        } else {
            ++i;
        }
    }
    return done;
}

} // namespace pimscope::sweep
