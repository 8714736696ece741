#pragma once
// The chip: assembles the module tree from the arch config, the network (as a stage
// program, platform/stage_program_of) and its floorplan, binds the sockets, and owns the
// row streams between stages. The behaviour is the blocks' (modules/tile/stage).
//   host_source -> global buffer
//   stage per hardware stage -> its input buffer, the interconnect, its output unit, and
//   for a crossbar layer its tile group (tiles -> PEs -> subarrays)
#include "pimscope/common/arch_config.hpp"
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/interconnect/interconnect.hpp"
#include "pimscope/tile/tile.hpp"
#include "pimscope/units/digital_unit.hpp"
#include "pimscope/platform/host_source.hpp"
#include "pimscope/tile/row_stream.hpp"
#include "pimscope/tile/stage.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/sw/mapper.hpp"
#include "pimscope/sw/stage_plan.hpp"
#include "pimscope/traces/sink.hpp"

#include <functional>
#include <memory>
#include <string>
#include <systemc>
#include <vector>

namespace pimscope::platform {

// The shared resources of one kind that serve one layer (e.g. every ADC group of conv1),
// for the bottleneck report. Busy times cover the whole run.
struct resource_group {
    int node = -1;               // layer served (-1: the host)
    std::string kind;            // the blocks' name for the resource (its trace track's kind)
    int instances = 0;
    double busy_s = 0;           // summed over the instances
    double busiest_s = 0;        // the busiest instance
    std::string busiest;         // its module path
};

class chip : public sc_core::sc_module {
public:
    chip(sc_core::sc_module_name name, const arch_config& arch, const sw::prepared_network& net,
         const sw::floorplan& fp, const std::vector<sw::tensor>& images,
         std::function<void()> on_row = {});

    const std::vector<std::unique_ptr<modules::stage>>& stages() const { return m_stages; }
    const modules::row_stream& stream(int node) const { return *m_streams.at(node); }
    int instantiated_subarrays() const { return m_subarrays; }
    // Over the stages whose unit multiplies (a multi-bit conv/fc), the weight bits of each.
    int multiplier_rows() const { return m_multiplier_rows; }
    // The tiles of a crossbar node (empty for other nodes).
    const std::vector<std::unique_ptr<modules::tile>>& tiles(int node) const {
        return m_tiles.at(std::size_t(node));
    }
    // Stages that did not finish (a deadlock: buffers too small for the network's DAG).
    std::vector<int> unfinished_stages() const;
    // Every module reports its transactions to `s` (null: tracing off); call before sc_start.
    void trace_to(traces::sink* s);
    std::vector<resource_group> resource_groups() const;

private:
    modules::stage_program m_program;
    modules::stage_context m_ctx;
    modules::layer_turn m_turn;
    std::vector<std::unique_ptr<modules::row_stream>> m_streams;
    std::unique_ptr<modules::buffer> m_global_buffer;
    std::unique_ptr<modules::interconnect> m_noc;
    std::vector<std::vector<std::unique_ptr<modules::tile>>> m_tiles;   // per node
    std::vector<std::unique_ptr<modules::digital_unit>> m_units;        // per node
    std::vector<std::unique_ptr<modules::stage>> m_stages;              // the host, then per stage
    int m_subarrays = 0;
    int m_multiplier_rows = 0;
    const sw::graph* m_graph;
};

} // namespace pimscope::platform
