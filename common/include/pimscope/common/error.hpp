#pragma once
// One exception type for every bad input the user can give us. The CLI turns it into
// one line on stderr and exit code 2; nothing else catches it silently.
#include <stdexcept>
#include <string>

namespace pimscope {

class input_error : public std::runtime_error {
public:
    // file: the file at fault (may be empty for command-line input);
    // where: the key, line or node inside it; what: what was wrong and what was expected.
    input_error(const std::string& file, const std::string& where, const std::string& what)
        : std::runtime_error(compose(file, where, what)) {}

private:
    static std::string compose(const std::string& file, const std::string& where,
                               const std::string& what) {
        std::string s;
        if (!file.empty()) s += file;
        if (!where.empty()) s += (s.empty() ? "" : ": ") + where;
        return s + (s.empty() ? "" : ": ") + what;
    }
};

} // namespace pimscope
