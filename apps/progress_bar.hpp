#pragma once
// A progress bar with an ETA on stderr, drawn only when stderr is a terminal (a log file
// or a pipe stays free of carriage returns). Redraws at most a few times a second.
#include <chrono>
#include <cstdint>
#include <string>

namespace pimscope::app {

class progress_bar {
public:
    explicit progress_bar(std::string label);
    ~progress_bar();   // clears the line
    static bool stderr_is_terminal();
    void update(uint64_t done, uint64_t total);

private:
    std::string m_label;
    std::chrono::steady_clock::time_point m_start, m_last;
    bool m_drawn = false;
};

} // namespace pimscope::app
