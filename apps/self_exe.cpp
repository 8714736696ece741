#include "self_exe.hpp"

#include <stdexcept>
#include <unistd.h>

namespace pimscope::app {

std::string self_exe() {
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw std::runtime_error("cannot resolve /proc/self/exe");
    return std::string(buf, std::size_t(n));
}

} // namespace pimscope::app
