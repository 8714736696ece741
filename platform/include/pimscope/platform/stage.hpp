#pragma once
// Stage engines: one SC_THREAD per graph node drives the blocks that compute it.
// A stage streams its output map row by row: it waits until the input rows an output
// row needs are in its input buffer, computes the row (crossbar windows through tiles,
// or a digital unit), and writes it over the interconnect into its consumers' buffers,
// blocking while a consumer's buffer is full. Time is kept with a quantum keeper
// (temporal decoupling); every block reserves its resources (see modules/core/resource).
#include "pimscope/common/arch_config.hpp"
#include "pimscope/kernel/packing.hpp"
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/core/activity.hpp"
#include "pimscope/core/window_payload.hpp"
#include "pimscope/platform/row_stream.hpp"
#include "pimscope/sw/functional.hpp"
#include "pimscope/traces/sink.hpp"

#include <functional>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace pimscope::platform {

// What a stage did, for layers.csv and the pipeline analysis.
struct stage_stats {
    uint64_t rows = 0;
    uint64_t windows = 0;
    sc_core::sc_time busy;            // time spent computing rows (first input to row done)
    sc_core::sc_time stall_input;     // waiting for input rows
    sc_core::sc_time stall_output;    // waiting for room in a consumer's buffer
    std::vector<sc_core::sc_time> image_start, image_end;   // per image
};

// Serialises stages in layer-by-layer mode: node i of image k runs after node i-1 of
// image k (and node 0 of image k after the last node of image k-1).
struct layer_turn {
    int64_t position = 0;
    sc_core::sc_time finished_at;
    sc_core::sc_event advanced;
};

struct stage_context {
    const arch_config* arch = nullptr;
    const sw::prepared_network* net = nullptr;
    std::vector<std::unique_ptr<row_stream>>* streams = nullptr;
    layer_turn* turn = nullptr;      // null in pipelined mode
    int images = 1;
    int nodes = 0;
    int chip_hops = 1;               // interconnect hops between stages
    // Called after every output row of every stage (progress display); may be empty.
    std::function<void()> on_row;
};

class stage : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<stage> to_input_buffer;
    tlm_utils::simple_initiator_socket<stage> to_noc;

    SC_HAS_PROCESS(stage);
    stage(sc_core::sc_module_name name, const stage_context& ctx, int node);

    int node() const { return m_node; }
    const stage_stats& stats() const { return m_stats; }
    const modules::activity& own_activity() const { return m_activity; }
    modules::buffer& input_buffer() { return *m_input_buffer; }
    bool finished() const { return m_finished; }
    // Notified when the stage has finished all images.
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    // Our consumer id in the stream of each input slot (for buffer statistics).
    const std::vector<int>& consumer_ids() const { return m_consumer_ids; }
    // Reports busy and stall intervals, and input-buffer use, to `s` (null: tracing off).
    void trace_to(traces::sink* s);

protected:
    // Computes output row `row` of `image` starting at absolute time `start`; returns the
    // time the row is complete. Implementations keep m_local (the quantum keeper) moving.
    virtual sc_core::sc_time compute_row(int image, int row, sc_core::sc_time start) = 0;
    // Bits one element of `node`'s map takes in buffers and on links.
    int element_bits(int node) const;
    // Moves `bits` through this stage's input buffer port starting at `at`; returns the end.
    sc_core::sc_time buffer_transfer(uint64_t bits, const sc_core::sc_time& at, int image,
                                     int64_t window = -1);
    sc_core::sc_time now_local() const { return m_keeper.get_current_time(); }
    void advance_to(const sc_core::sc_time& t);

    const stage_context m_ctx;
    const int m_node;
    const sw::node& m_n;
    std::unique_ptr<modules::buffer> m_input_buffer;
    std::vector<int> m_consumer_ids;   // per input slot: our id in the producer's stream
    std::vector<int> m_readers;        // nodes that read our output (none: the host)
    modules::activity m_activity;      // the stage's own work (chip-level accumulation)
    stage_stats m_stats;
    tlm_utils::tlm_quantumkeeper m_keeper;
    traces::sink* m_trace = nullptr;

private:
    void run();
    void wait_for_turn(int image);
    sc_core::sc_time wait_for_rows(int image, int row);
    sc_core::sc_time wait_for_space(int image, int row);
    void release_inputs(int image, int next_row, const sc_core::sc_time& at);
    sc_core::sc_time send_row(int image, int row, const sc_core::sc_time& ready);
    void sync();
    // One step of waiting for a condition signalled by `e`; the caller re-checks it.
    void wait_for(sc_core::sc_event& e);

    bool m_finished = false;
    sc_core::sc_event m_finished_event;
    sc_core::sc_time m_busy_until;
    int m_busy_track = -1, m_stall_track = -1;
};

// The host: writes each image into the chip's global buffer, row by row.
class host_source : public stage {
public:
    tlm_utils::simple_initiator_socket<host_source> to_global_buffer;
    host_source(sc_core::sc_module_name name, const stage_context& ctx,
                const std::vector<sw::tensor>& images);

private:
    sc_core::sc_time compute_row(int image, int row, sc_core::sc_time start) override;
    const std::vector<sw::tensor>& m_images;
};

// A binary conv/fc layer on its tile group.
class crossbar_stage : public stage {
public:
    tlm_utils::multi_passthrough_initiator_socket<crossbar_stage> to_tiles;
    // copy_tiles[c]: socket indices of the tiles holding copy c.
    crossbar_stage(sc_core::sc_module_name name, const stage_context& ctx, int node,
                   std::vector<std::vector<int>> copy_tiles);

private:
    sc_core::sc_time compute_row(int image, int row, sc_core::sc_time start) override;

    // Input rows packed into bits as they arrive (conv layers), one map per input plane.
    void pack_input_rows(int image, int row);

    std::vector<std::vector<int>> m_copy_tiles;
    std::vector<sc_core::sc_time> m_copy_free;
    kernel::conv_geometry m_geometry;   // of m_n, built once: the kernel reads it per window
    std::vector<kernel::packed_map> m_packed;
    int m_packed_image = -1, m_packed_rows = 0;
    kernel::packed_vector m_window;
    std::vector<int64_t> m_sums;
    modules::window_extension m_ext;
    tlm::tlm_generic_payload m_gp;
    bool m_multi_bit;
    int m_planes;
};

// Every other operator, on its digital unit (threshold, pooling, add, concat, ...).
class digital_stage : public stage {
public:
    tlm_utils::simple_initiator_socket<digital_stage> to_unit;
    digital_stage(sc_core::sc_module_name name, const stage_context& ctx, int node);

private:
    sc_core::sc_time compute_row(int image, int row, sc_core::sc_time start) override;
};

} // namespace pimscope::platform
