#include "pimscope/platform/study_chip.hpp"

#include "pimscope/common/error.hpp"
#include "pimscope/sw/layer_table.hpp"
#include "pimscope/sw/mapper.hpp"

#include <filesystem>

namespace pimscope::platform {

namespace fs = std::filesystem;

study_setup study_setup_for_run(const arch_config& arch, const sw::graph& g, const std::string& net_file,
                                int input_planes) {
    study_setup s;
    s.quirks = arch.study_quirks;
    if (arch.study_quirks) {
        std::string table = net_file;
        if (table.size() < 4 || table.compare(table.size() - 4, 4, ".csv") != 0)
            table = (fs::path(arch.source).parent_path() / ".." / "nets" / "study" /
                     (g.name + ".neurosim.csv")).lexically_normal().string();
        if (!fs::exists(table))
            throw input_error(arch.source, "study.quirks",
                              "the study's layer table '" + table + "' does not exist (study mode "
                              "needs the study's NetWork.csv for network '" + g.name + "')");
        const auto rows = sw::read_neurosim_csv(table);
        s.floorplan = sw::map_layer_rows(rows, arch, table);
        s.layers = study_inputs_from_table(rows);
        return s;
    }
    s.floorplan = sw::map_network(g, arch);
    s.layers = study_inputs_from_graph(g, input_planes);
    return s;
}

} // namespace pimscope::platform
