#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace pimscope::app {

progress_bar::progress_bar(std::string label)
    : m_label(std::move(label)), m_start(std::chrono::steady_clock::now()), m_last(m_start) {}

progress_bar::~progress_bar() {
    if (m_drawn) std::fprintf(stderr, "\r\033[K");
}

bool progress_bar::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void progress_bar::update(uint64_t done, uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last < std::chrono::milliseconds(200) || total == 0) return;
    m_last = now;
    const double fraction = double(done) / double(total);
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const int width = 30, filled = int(fraction * width);
    std::string bar(std::size_t(filled), '#');
    bar.resize(std::size_t(width), '.');
    std::fprintf(stderr, "\r%s [%s] %5.1f %%", m_label.c_str(), bar.c_str(), 100 * fraction);
    if (fraction > 0.01) std::fprintf(stderr, "  ETA %.0f s", elapsed * (1 - fraction) / fraction);
    std::fprintf(stderr, "\033[K");
    std::fflush(stderr);
    m_drawn = true;
}

} // namespace pimscope::app
