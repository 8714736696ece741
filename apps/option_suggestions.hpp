#pragma once
// "Did you mean" for the command line: CLI11 (2.1) only says which arguments it did not
// expect; this names the closest subcommand or option of the subcommand being parsed.
#include <CLI/CLI.hpp>

#include <string>

namespace pimscope::app {

// For a parse that failed with CLI::ExtrasError: one line naming the first argument that is
// neither a subcommand nor an option of the chosen subcommand, with the nearest known name
// when one is close ("run: unknown option '--imags'; did you mean '--images'?"). Empty when
// no such argument is found (the caller then prints CLI11's own message).
std::string unknown_argument_message(CLI::App& app, int argc, char* argv[]);

} // namespace pimscope::app
