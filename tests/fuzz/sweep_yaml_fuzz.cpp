// Sweep files (sweep/sweep_file): parsed, expanded and checked as `pimscope sweep` does
// before it starts any point (relative paths resolve against configs/sweeps/, where the
// shipped sweeps live), and every point's command lines built.
#include "fuzz_support.hpp"
#include "pimscope/sweep/sweep_file.hpp"

using namespace pimscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string dir = fuzz::source_path("configs/sweeps");
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::expect_only_input_errors([&] {
        const sweep::sweep_spec s = sweep::load_sweep_text(text, "sweep.yaml", dir);
        for (const auto& p : s.points) {
            (void)sweep::describe(s, p);
            for (const auto c : s.parts.at(std::size_t(p.part)).commands)
                (void)sweep::point_command_line(s, p, c, "pimscope", "out");
        }
    });
    return 0;
}
