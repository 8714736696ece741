#pragma once
// The chip: builds the module tree from the arch config, the network and its floorplan,
// binds the sockets, and owns the row streams between stages.
//   host_source -> global buffer
//   stage per node -> its input buffer, the interconnect, and either its tile group
//   (binary conv/fc: tiles -> PEs -> subarrays) or its digital unit.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/interconnect/interconnect.hpp"
#include "pimscope/tile/tile.hpp"
#include "pimscope/units/digital_unit.hpp"
#include "pimscope/platform/row_stream.hpp"
#include "pimscope/platform/stage.hpp"
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

    const std::vector<std::unique_ptr<stage>>& stages() const { return m_stages; }
    const row_stream& stream(int node) const { return *m_streams.at(node); }
    int instantiated_subarrays() const { return m_subarrays; }
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
    sw::stage_plan m_plan;
    stage_context m_ctx;
    layer_turn m_turn;
    std::vector<std::unique_ptr<row_stream>> m_streams;
    std::unique_ptr<modules::buffer> m_global_buffer;
    std::unique_ptr<modules::interconnect> m_noc;
    std::vector<std::vector<std::unique_ptr<modules::tile>>> m_tiles;   // per node
    std::vector<std::unique_ptr<modules::digital_unit>> m_units;        // per node
    std::vector<std::unique_ptr<stage>> m_stages;                       // per node
    int m_subarrays = 0;
    const sw::graph* m_graph;
};

} // namespace pimscope::platform
