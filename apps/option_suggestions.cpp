#include "option_suggestions.hpp"

#include "pimscope/common/suggest.hpp"

#include <vector>

namespace pimscope::app {
namespace {

std::vector<std::string> option_names(const CLI::App& cmd) {
    std::vector<std::string> names;
    for (const CLI::Option* o : cmd.get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
    return names;
}

std::string with_hint(std::string what, const std::string& best) {
    if (!best.empty()) what += "; did you mean '" + best + "'?";
    return what;
}

} // namespace

std::string unknown_argument_message(CLI::App& app, int argc, char* argv[]) {
    if (argc < 2) return "";
    const std::string first = argv[1];
    std::vector<std::string> commands;
    CLI::App* cmd = nullptr;
    for (CLI::App* c : app.get_subcommands([](CLI::App*) { return true; })) {
        commands.push_back(c->get_name());
        if (c->get_name() == first) cmd = c;
    }
    if (!cmd) {
        if (first.rfind("-", 0) == 0) return "";   // e.g. --help: CLI11's own handling
        return with_hint("unknown command '" + first + "'", closest_name(first, commands));
    }
    const auto names = option_names(*cmd);
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        // Only long options: a lone '-' word may be a negative value of the option before it.
        if (arg.rfind("--", 0) != 0 || arg == "--") continue;
        arg = arg.substr(0, arg.find('='));
        if (cmd->get_option_no_throw(arg) != nullptr) continue;
        return with_hint(first + ": unknown option '" + arg + "'", closest_name(arg, names));
    }
    return "";
}

} // namespace pimscope::app
