#pragma once
// Stage engines: one SC_THREAD per hardware stage of the stage program (tile/stage_program):
// a crossbar layer's tile group with the digital operators that follow it, run by its
// output unit on the way out, or a chip-level unit. A stage streams its nodes' maps row by row: it computes a row of a
// node as soon as the rows it needs are there (from other stages, through its input
// buffer, or from the stage's own earlier nodes), and sends the rows of the maps other
// stages read over the interconnect into their buffers, blocking while a consumer's buffer
// is full. Time is kept with a quantum keeper (temporal decoupling); every block reserves
// its resources (see modules/core/resource).
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/common/action_cost.hpp"
#include "pimscope/core/duration_cache.hpp"
#include "pimscope/core/stats.hpp"
#include "pimscope/core/window_payload.hpp"
#include "pimscope/kernel/packing.hpp"
#include "pimscope/tile/row_stream.hpp"
#include "pimscope/tile/stage_program.hpp"
#include "pimscope/traces/sink.hpp"

#include <functional>
#include <map>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace pimscope::modules {

// What a stage did, for layers.csv and the pipeline analysis.
struct stage_stats {
    uint64_t rows = 0;
    uint64_t windows = 0;
    sc_core::sc_time busy;            // time spent computing rows (first input to row done)
    sc_core::sc_time stall_input;     // waiting for input rows
    sc_core::sc_time stall_output;    // waiting for room in a consumer's buffer
    std::vector<sc_core::sc_time> image_start, image_end;   // per image
};

// Serialises stages in layer-by-layer mode: stage i of image k runs after stage i-1 of
// image k (and stage 0 of image k after the last stage of image k-1).
struct layer_turn {
    int64_t position = 0;
    sc_core::sc_time finished_at;
    sc_core::sc_event advanced;
};

// What every stage is built from.
struct stage_params {
    buffer_port_params input_buffer;   // the stage's input buffer port
    int buffer_rows = 0;               // rows of another stage's map it holds (0: whole maps)
    action_cost accumulation;          // one element of a copy's tiles' partial sums added
};

struct stage_context {
    stage_params params;
    const stage_program* program = nullptr;
    std::vector<std::unique_ptr<row_stream>>* streams = nullptr;   // one per node
    layer_turn* turn = nullptr;      // null in pipelined mode
    int images = 1;
    int stages = 0;                  // stages that take turns (the host's included)
    int chip_hops = 1;               // interconnect hops between stages
    // Called after every output row of every node (progress display); may be empty.
    std::function<void()> on_row;
};

class stage : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<stage> to_input_buffer;
    tlm_utils::simple_initiator_socket<stage> to_noc;
    tlm_utils::simple_initiator_socket_optional<stage> to_unit;   // the output unit (the host has none)

    SC_HAS_PROCESS(stage);
    // nodes: what the stage computes, in execution order; turn: its place in layer-by-layer
    // order.
    stage(sc_core::sc_module_name name, const stage_context& ctx, std::vector<int> nodes, int turn);

    // The node the stage is named after and its statistics are charged to: the crossbar
    // layer, or a unit's first node (0: the host).
    int node() const { return m_node; }
    const std::vector<int>& nodes() const { return m_nodes; }
    const stage_stats& stats() const { return m_stats; }
    buffer& input_buffer() { return *m_input_buffer; }
    bool finished() const { return m_finished; }
    // Notified when the stage has finished all images.
    const sc_core::sc_event& finished_event() const { return m_finished_event; }
    // The maps this stage reads from other stages: (producer node, our consumer id in its
    // stream), the first being the crossbar layer's input.
    struct external_input {
        int producer = -1;
        int consumer_id = -1;
    };
    const std::vector<external_input>& external_inputs() const { return m_external; }
    // Reports busy and stall intervals, and input-buffer use, to `s` (null: tracing off).
    void trace_to(traces::sink* s);

protected:
    // Computes output row `row` of node `node` of `image` starting at absolute time
    // `start`; returns the time the row is complete. Implementations keep m_keeper moving.
    virtual sc_core::sc_time compute_row(int node, int image, int row, sc_core::sc_time start);
    // Bits one element of `node`'s map takes in buffers and on links.
    int element_bits(int node) const;
    // Moves `bits` through this stage's input buffer port starting at `at`; returns the end.
    // A window re-read: the data is what the stage already fetched (received()).
    sc_core::sc_time buffer_transfer(uint64_t bits, const sc_core::sc_time& at, int image,
                                     int64_t window = -1);
    // Another stage's map `producer` as this stage holds it for `image`, with rows up to
    // `last` fetched from the input buffer (untimed: the reads that cost them are timed).
    const kernel::tensor& received(int producer, int image, int last);
    sc_core::sc_time now_local() const { return m_keeper.get_current_time(); }
    void advance_to(const sc_core::sc_time& t);
    bool is_local(int node) const;
    row_stream& stream(int node) const { return *(*m_ctx.streams)[std::size_t(node)]; }

    const stage_context m_ctx;
    const std::vector<int> m_nodes;
    const int m_node;
    const int m_turn;
    const program_node& program(int node) const { return m_ctx.program->nodes[std::size_t(node)]; }

    std::unique_ptr<buffer> m_input_buffer;
    core::stats_group m_stats_group;   // the stage's own work (chip-level accumulation)
    core::stats_group::handle m_chip_accumulations;
    stage_stats m_stats;
    tlm_utils::tlm_quantumkeeper m_keeper;
    traces::sink* m_trace = nullptr;

private:
    // The maps of other stages as this stage received them, for the current image.
    struct received_map {
        kernel::tensor map;
        int image = -1;
        int rows = 0;      // rows [0, rows) fetched
    };
    received_map& received_slot(int producer, int image);
    // Reads rows [first, last] of `producer`'s map out of the input buffer from `at`, with
    // their data; returns when done.
    sc_core::sc_time read_rows(int producer, int image, int first, int last, const sc_core::sc_time& at);

    // A digital node's row, by the output unit; external input rows come through the
    // input buffer.
    sc_core::sc_time digital_row(int node, int image, int row, sc_core::sc_time start);
    void run();
    void wait_for_turn(int image);
    // Whether the rows output row `row` of node `node` needs are there; `ready` receives
    // when the last of them arrived.
    bool inputs_ready(int node, int image, int row, sc_core::sc_time& ready) const;
    // Waits until a row arrives from another stage or a consumer frees a slot.
    void wait_for_progress();
    void release_inputs(int node, int image, int next_row, const sc_core::sc_time& at);
    sc_core::sc_time send_row(int node, int image, int row, const sc_core::sc_time& ready);
    // Sends local node `local`'s oldest unsent row, whose consumers have room from
    // `space_at`, and writes it to its stream; returns when it has arrived.
    sc_core::sc_time send(std::size_t local, int image, const sc_core::sc_time& space_at);
    // Counts [from, to) into `total` and the stall track, less what an earlier stall covered.
    void note_stall(const char* reason, const sc_core::sc_time& from, const sc_core::sc_time& to, int image,
                    sc_core::sc_time& total);
    void sync();
    // One step of waiting for a condition signalled by `e`; the caller re-checks it.
    void wait_for(sc_core::sc_event& e);
    // Our consumer id in the stream of input slot `slot` of node `node`.
    int consumer_id(int node, int slot) const;

    std::map<int, received_map> m_received;   // by producer
    std::vector<uint8_t> m_wire;              // one transaction's bytes
    tlm::tlm_generic_payload m_transfer_gp;   // every data movement's (transfer_at)
    std::vector<const kernel::tensor*> m_digital_inputs;   // one digital row's
    std::vector<int> m_consumer_ids;     // per (local node, slot), flattened
    std::vector<int> m_slot_base;        // per local node: its first entry in m_consumer_ids
    std::vector<external_input> m_external;
    std::vector<std::vector<int>> m_readers;   // per local node: reading stages' nodes (none: internal)
    std::vector<int> m_done;             // per local node: rows computed of the current image
    std::vector<int> m_sent;             // ... and written to its stream (sent if others read it)
    std::vector<std::vector<sc_core::sc_time>> m_row_times;   // ... when each computed row was done
    sc_core::sc_time m_stalled_until;    // end of the last stall interval counted
    bool m_finished = false;
    sc_core::sc_event m_finished_event;
    sc_core::sc_time m_busy_until;
    int m_busy_track = -1, m_stall_track = -1;
};

// A binary conv/fc layer on its tile group, and the operators its output unit fuses.
class crossbar_stage : public stage {
public:
    tlm_utils::multi_passthrough_initiator_socket<crossbar_stage> to_tiles;
    // copy_tiles[c]: socket indices of the tiles holding copy c.
    crossbar_stage(sc_core::sc_module_name name, const stage_context& ctx, std::vector<int> nodes,
                   int turn, std::vector<std::vector<int>> copy_tiles);

private:
    sc_core::sc_time compute_row(int node, int image, int row, sc_core::sc_time start) override;
    sc_core::sc_time crossbar_row(int image, int row, sc_core::sc_time start);

    // Input rows packed into bits as they arrive (conv layers), one map per input plane.
    void pack_input_rows(int image, int row);

    const program_node& m_n;             // the crossbar layer
    std::vector<std::vector<int>> m_copy_tiles;
    std::vector<sc_core::sc_time> m_copy_free;
    std::vector<kernel::packed_map> m_packed;
    int m_packed_image = -1, m_packed_rows = 0;
    kernel::packed_vector m_window;
    std::vector<int64_t> m_sums;
    std::vector<int32_t> m_row_sums;   // the output row being computed, window by window
    core::duration_cache m_accumulate_time;
    window_extension m_ext;
    tlm::tlm_generic_payload m_gp;
};

} // namespace pimscope::modules
