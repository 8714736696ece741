#pragma once
// Shared by the libFuzzer targets: the parsers read files, so an input is written to a
// scratch file first; and the rule every target checks, that bad input ends in one
// input_error (what the CLI prints as "pimscope: error: ..." with exit 2) and in nothing
// else. Any other exception is the CLI's "internal error" (exit 3): a finding, so it aborts
// and libFuzzer keeps the input.
#include "pimscope/common/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace pimscope::fuzz {

// A directory of this process's own (libFuzzer may run several jobs side by side), removed
// at exit.
const std::string& scratch_dir();

// Writes the bytes to scratch_dir()/name and returns the path.
std::string write_scratch(const std::string& name, const uint8_t* data, std::size_t size);
std::string write_scratch(const std::string& name, const std::string& text);

// The source tree (seed files, the default arch, the small trained network).
std::string source_path(const std::string& relative);

// Runs f; an input_error is the expected outcome of bad input and must say something.
template <class F>
void expect_only_input_errors(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        if (std::string(e.what()).empty()) {
            std::fprintf(stderr, "fuzz: an input_error with an empty message\n");
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: not an input_error (the CLI's 'internal error'): %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "fuzz: an exception that is not a std::exception\n");
        std::abort();
    }
}

} // namespace pimscope::fuzz
