#include "pimscope/tile/stage.hpp"

#include <algorithm>
#include <string>

namespace pimscope::modules {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

sc_time later(const sc_time& a, const sc_time& b) { return a > b ? a : b; }
sc_time positive_gap(const sc_time& from, const sc_time& to) {
    return to > from ? to - from : SC_ZERO_TIME;
}

} // namespace

stage::stage(sc_core::sc_module_name name, const stage_context& ctx, std::vector<int> nodes, int turn)
    : sc_module(name), to_input_buffer("to_input_buffer"), to_noc("to_noc"), to_unit("to_unit"),
      m_ctx(ctx), m_nodes(std::move(nodes)), m_node(m_nodes.front()), m_turn(turn),
      m_stats_group(sc_object::name()),
      m_chip_accumulations(m_stats_group.action("chip_accumulation", "element",
                                                "partial sums of a copy's tiles added at chip level",
                                                "accumulation")) {
    const auto& program_nodes = ctx.program->nodes;
    m_input_buffer = std::make_unique<buffer>("input_buffer", ctx.params.input_buffer);
    to_input_buffer.bind(m_input_buffer->in);
    // Every input of every node is a consumer of its producer's stream, so that rows are
    // released (and images freed) as they are used. A buffer fed by another stage holds
    // params.buffer_rows rows of that map, but never fewer than one output row needs plus
    // one being written (else the pipeline deadlocks); maps inside the stage are unbounded.
    for (int node : m_nodes) {
        const program_node& n = program_nodes[std::size_t(node)];
        m_slot_base.push_back(int(m_consumer_ids.size()));
        for (std::size_t slot = 0; slot < n.inputs.size(); ++slot) {
            const int producer = n.inputs[slot];
            int capacity = is_local(producer) ? 0 : ctx.params.buffer_rows;
            if (capacity > 0) {
                const auto& rows = n.rows_needed[slot];
                for (int r = 0; r + 1 < n.out.h; ++r)
                    capacity = std::max(capacity, rows[std::size_t(r + 1)].last - rows[std::size_t(r)].first + 1);
                capacity = std::max(capacity, rows[0].last - rows[0].first + 1);
            }
            const int id = (*ctx.streams)[std::size_t(producer)]->add_consumer(capacity);
            m_consumer_ids.push_back(id);
            if (!is_local(producer)) m_external.push_back({producer, id});
        }
    }
    // The stages that read each of our maps (by their named node), or the host.
    const std::vector<int> host{-1};
    for (int node : m_nodes) {
        std::vector<int> readers;
        for (int c = 0; c < int(program_nodes.size()); ++c) {
            if (is_local(c)) continue;
            const auto& ins = program_nodes[std::size_t(c)].inputs;
            if (std::find(ins.begin(), ins.end(), node) == ins.end()) continue;
            const int reader = ctx.program->stages[std::size_t(ctx.program->stage_of[std::size_t(c)])].front();
            if (std::find(readers.begin(), readers.end(), reader) == readers.end()) readers.push_back(reader);
        }
        if (readers.empty() && node == ctx.program->output_node) readers = host;
        m_readers.push_back(readers);
    }
    m_done.assign(m_nodes.size(), 0);
    m_sent.assign(m_nodes.size(), 0);
    for (int node : m_nodes) m_row_times.emplace_back(std::size_t(program_nodes[std::size_t(node)].out.h));
    m_stats.image_start.resize(ctx.images);
    m_stats.image_end.resize(ctx.images);
    SC_THREAD(run);
}

bool stage::is_local(int node) const {
    return std::find(m_nodes.begin(), m_nodes.end(), node) != m_nodes.end();
}

int stage::consumer_id(int node, int slot) const {
    const auto local = std::size_t(std::find(m_nodes.begin(), m_nodes.end(), node) - m_nodes.begin());
    return m_consumer_ids[std::size_t(m_slot_base[local] + slot)];
}

int stage::element_bits(int node) const { return program(node).wire.bits; }

void stage::advance_to(const sc_time& t) {
    const sc_time now = sc_core::sc_time_stamp();
    if (t > m_keeper.get_current_time()) m_keeper.set(t - now);
    if (m_keeper.need_sync()) m_keeper.sync();
}

void stage::sync() { m_keeper.sync(); }

void stage::wait_for(sc_core::sc_event& e) {
    // Catch up with simulated time first; the condition may come true while we do, and
    // the notification would be lost if we then waited for the event.
    if (m_keeper.get_local_time() > SC_ZERO_TIME)
        m_keeper.sync();
    else
        sc_core::wait(e);
}

void stage::trace_to(traces::sink* s) {
    m_trace = s;
    if (s) {
        const std::string n = name();
        m_busy_track = s->track(n, "stage", m_node, {n + ".busy"});
        m_stall_track = s->track(n + ".stall", "stage_stall", m_node,
                                 {"", 1, {{"stall_input", n + ".stall_input"}, {"stall_output", n + ".stall_output"}}});
    }
    m_input_buffer->trace_to(s, m_node);
}

sc_time stage::buffer_transfer(uint64_t bits, const sc_time& at, int image, int64_t window) {
    transfer_extension ext;
    ext.layer = m_node;
    ext.bits = bits;
    ext.image = image;
    ext.window = window;
    return transfer_at(to_input_buffer, m_transfer_gp, ext, at, tlm::TLM_READ_COMMAND);
}

stage::received_map& stage::received_slot(int producer, int image) {
    received_map& r = m_received[producer];
    if (r.image != image) {
        const auto& shape = program(producer).out;
        if (r.map.shape != shape) r.map = kernel::tensor(shape);
        r.image = image;
        r.rows = 0;
    }
    return r;
}

const kernel::tensor& stage::received(int producer, int image, int last) {
    received_map& r = received_slot(producer, image);
    if (last < r.rows) return r.map;
    const program_node& p = program(producer);
    const std::size_t bytes = kernel::row_bytes(p.out, p.wire);
    m_wire.resize(bytes * std::size_t(last + 1 - r.rows));
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(map_row_address(producer, image, r.rows));
    gp.set_data_ptr(m_wire.data());
    gp.set_data_length(unsigned(m_wire.size()));
    gp.set_streaming_width(unsigned(m_wire.size()));
    if (to_input_buffer->transport_dbg(gp) != m_wire.size())
        throw std::logic_error(std::string(name()) + ": rows of '" + p.name + "' missing from the input buffer");
    for (int row = r.rows; row <= last; ++row)
        kernel::decode_row(m_wire.data() + bytes * std::size_t(row - r.rows), p.wire, r.map, row);
    r.rows = last + 1;
    return r.map;
}

sc_time stage::read_rows(int producer, int image, int first, int last, const sc_time& at) {
    received_map& r = received_slot(producer, image);
    const program_node& p = program(producer);
    const std::size_t bytes = kernel::row_bytes(p.out, p.wire);
    m_wire.resize(bytes * std::size_t(last + 1 - first));
    transfer_extension ext;
    ext.layer = m_node;
    ext.bits = uint64_t(last + 1 - first) * p.out.c * p.out.w * uint64_t(p.wire.bits);
    ext.image = image;
    const sc_time done = transfer_at(to_input_buffer, m_transfer_gp, ext, at, tlm::TLM_READ_COMMAND,
                                     map_row_address(producer, image, first), m_wire.data(),
                                     unsigned(m_wire.size()));
    for (int row = first; row <= last; ++row)
        kernel::decode_row(m_wire.data() + bytes * std::size_t(row - first), p.wire, r.map, row);
    r.rows = std::max(r.rows, last + 1);
    return done;
}

void stage::wait_for_turn(int image) {
    if (!m_ctx.turn) return;
    const int64_t mine = int64_t(image) * m_ctx.stages + m_turn;
    while (m_ctx.turn->position != mine) wait_for(m_ctx.turn->advanced);
    advance_to(m_ctx.turn->finished_at);
}

bool stage::inputs_ready(int node, int image, int row, sc_time& ready) const {
    ready = SC_ZERO_TIME;
    const program_node& n = program(node);
    const auto& inputs = n.inputs;
    for (std::size_t slot = 0; slot < inputs.size(); ++slot) {
        const int last = n.rows_needed[slot][std::size_t(row)].last;
        const auto local = std::size_t(std::find(m_nodes.begin(), m_nodes.end(), inputs[slot]) - m_nodes.begin());
        if (local < m_nodes.size()) {
            // A map of this stage: its rows are there as soon as they are computed.
            if (m_done[local] <= last) return false;
            ready = later(ready, m_row_times[local][std::size_t(last)]);
            continue;
        }
        const auto& producer = stream(inputs[slot]);
        if (!producer.has_row(image, last)) return false;
        ready = later(ready, producer.ready_time(image, last));
    }
    return true;
}

void stage::wait_for_progress() {
    // Catch up with simulated time first; a row may arrive or a slot free up while we do,
    // and the notification would be lost if we then waited for the events.
    if (m_keeper.get_local_time() > SC_ZERO_TIME) {
        m_keeper.sync();
        return;
    }
    // Otherwise wait for a row of a map we read from another stage, or for a consumer
    // of one of our maps to free a slot.
    sc_core::sc_event_or_list any;
    for (const auto& in : m_external) any |= stream(in.producer).written_event();
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        if (!m_readers[i].empty()) any |= stream(m_nodes[i]).released_event();
    if (any.size() == 0) throw std::logic_error(std::string(name()) + ": stalled with nothing to wait for");
    sc_core::wait(any);
}

void stage::release_inputs(int node, int image, int next_row, const sc_time& at) {
    const program_node& n = program(node);
    for (std::size_t slot = 0; slot < n.inputs.size(); ++slot) {
        auto& producer = stream(n.inputs[slot]);
        const int keep_from =
            next_row < n.out.h ? n.rows_needed[slot][std::size_t(next_row)].first : producer.shape().h;
        producer.release_until(consumer_id(node, int(slot)), image, keep_from, at);
    }
}

sc_time stage::send_row(int node, int image, int row, const sc_time& ready) {
    // The row goes to every reading stage's input buffer (or to the host); each
    // destination link is reserved on its own, and the row has arrived when the last
    // copy has.
    const auto local = std::size_t(std::find(m_nodes.begin(), m_nodes.end(), node) - m_nodes.begin());
    const program_node& n = program(node);
    kernel::encode_row(stream(node).data(image), row, n.wire, n.name, m_wire);
    transfer_extension ext;
    ext.layer = m_node;
    ext.bits = uint64_t(n.out.c) * n.out.w * element_bits(node);
    ext.hops = m_ctx.chip_hops;
    ext.image = image;
    sc_time arrived = ready;
    for (int destination : m_readers[local]) {
        ext.destination = destination;
        arrived = later(arrived, transfer_at(to_noc, m_transfer_gp, ext, ready, tlm::TLM_WRITE_COMMAND,
                                             map_row_address(node, image, row), m_wire.data(),
                                             unsigned(m_wire.size())));
    }
    return arrived;
}

sc_time stage::send(std::size_t local, int image, const sc_time& space_at) {
    const int node = m_nodes[local];
    const int row = m_sent[local];
    const sc_time done = m_row_times[local][std::size_t(row)];
    note_stall("stall_output", done, space_at, image, m_stats.stall_output);
    const sc_time ready = send_row(node, image, row, later(done, space_at));
    // Backpressure: the crossbar layer held while the row could not leave.
    advance_to(space_at);
    stream(node).write_row(image, row, ready);
    ++m_sent[local];
    return ready;
}

void stage::note_stall(const char* reason, const sc_time& from, const sc_time& to, int image, sc_time& total) {
    // Stalls of the stage as a whole: a waiting interval counts once even when several
    // maps wait at the same time.
    const sc_time begin = later(from, m_stalled_until);
    if (to <= begin) return;
    total += to - begin;
    if (m_trace)
        m_trace->slice(m_stall_track, reason, ticks_of(begin), ticks_of(to),
                       {m_node, image, -1, 0, 0});
    m_stalled_until = to;
}

sc_time stage::compute_row(int node, int image, int row, sc_time start) {
    return digital_row(node, image, row, start);
}

sc_time stage::digital_row(int node, int image, int row, sc_time start) {
    const program_node& n = program(node);
    auto& inputs = m_digital_inputs;   // kept: a row is no reason for an allocation
    inputs.clear();
    // The stage's own maps are at hand; rows from other stages are read out of the input
    // buffer, every row the output row needs, one map after the other.
    sc_time read = start;
    for (std::size_t slot = 0; slot < n.inputs.size(); ++slot) {
        const int producer = n.inputs[slot];
        if (is_local(producer)) {
            inputs.push_back(&stream(producer).data(image));
            continue;
        }
        const auto w = n.rows_needed[slot][std::size_t(row)];
        read = read_rows(producer, image, w.first, w.last, read);
        inputs.push_back(&m_received[producer].map);
    }
    auto& out = stream(node).image_data(image);
    kernel::digital_rows(n.op, inputs, out, row, row + 1);

    transfer_extension ext;
    ext.layer = m_node;
    ext.elements = uint64_t(n.out.c) * n.out.w * n.actions_per_element;
    ext.image = image;
    ext.op = n.action;
    return transfer_at(to_unit, m_transfer_gp, ext, read, tlm::TLM_WRITE_COMMAND);
}

void stage::run() {
    const auto& nodes = m_ctx.program->nodes;
    for (int image = 0; image < m_ctx.images; ++image) {
        wait_for_turn(image);
        for (int node : m_nodes) stream(node).image_data(image);
        std::fill(m_done.begin(), m_done.end(), 0);
        sc_time last_ready = now_local();
        bool first_row = true;
        // Round robin over the stage's nodes, a row at a time: the output unit interleaves
        // its operators beside the crossbar layer, so a map another stage is waiting for
        // never queues behind one whose consumer is full. A row another stage reads waits
        // in the output register until that stage's buffer has room, and while any does
        // the crossbar layer holds (backpressure); the stage's own maps are there for its
        // other nodes as soon as they are computed.
        std::fill(m_sent.begin(), m_sent.end(), 0);
        for (auto& times : m_row_times) times.assign(times.size(), SC_ZERO_TIME);
        for (;;) {
            bool progressed = false, finished = true, held = false;
            for (std::size_t i = 0; i < m_nodes.size(); ++i) {
                const int node = m_nodes[i];
                if (m_sent[i] < m_done[i]) {   // a row waits in the output register
                    sc_time space_at;
                    if (stream(node).space_time(image, m_sent[i], space_at)) {
                        last_ready = later(last_ready, send(i, image, space_at));
                        progressed = true;
                    }
                }
                held = held || m_sent[i] < m_done[i];
                finished = finished && m_sent[i] >= nodes[std::size_t(node)].out.h;
            }
            for (std::size_t i = 0; i < m_nodes.size(); ++i) {
                const int node = m_nodes[i];
                const int row = m_done[i];
                const bool pacing = node == m_node;
                if (row >= nodes[std::size_t(node)].out.h || m_sent[i] < m_done[i] || (pacing && held)) continue;
                sc_time inputs_at;
                if (!inputs_ready(node, image, row, inputs_at)) continue;
                const sc_time local = now_local();
                if (pacing) note_stall("stall_input", local, inputs_at, image, m_stats.stall_input);
                const sc_time start = later(local, inputs_at);
                if (first_row) m_stats.image_start[image] = start;
                first_row = false;
                // The pacing node (the crossbar layer) moves the stage's thread; the output
                // unit's operators run beside it on their own resource.
                if (pacing) advance_to(start);
                const sc_time done = compute_row(node, image, row, start);
                // Busy time is the union of the rows' [start, done] intervals: a row's tail
                // (copies still converting, the output unit) may overlap the next row's start.
                m_stats.busy += positive_gap(later(start, m_busy_until), done);
                if (m_trace && done > later(start, m_busy_until))
                    m_trace->slice(m_busy_track, "row", ticks_of(later(start, m_busy_until)),
                                   ticks_of(done), {m_node, image, -1, 0, 0});
                m_busy_until = later(m_busy_until, done);
                release_inputs(node, image, row + 1, now_local());
                m_row_times[i][std::size_t(row)] = done;
                ++m_done[i];
                ++m_stats.rows;
                progressed = true;
                if (m_ctx.on_row) m_ctx.on_row();
                sc_time space_at;
                if (m_readers[i].empty()) {
                    stream(node).write_row(image, row, done);   // read inside the stage only
                    ++m_sent[i];
                } else if (stream(node).space_time(image, row, space_at)) {
                    last_ready = later(last_ready, send(i, image, space_at));
                }
            }
            if (finished) break;
            if (!progressed) wait_for_progress();
        }
        for (std::size_t i = 0; i < m_nodes.size(); ++i)
            release_inputs(m_nodes[i], image, nodes[std::size_t(m_nodes[i])].out.h, now_local());
        for (const auto& in : m_external)
            m_input_buffer->release(map_row_address(in.producer, image, 0), map_row_address(in.producer, image + 1, 0));
        m_stats.image_end[image] = last_ready;
        if (m_ctx.turn) {
            advance_to(last_ready);
            sync();
            m_ctx.turn->finished_at = last_ready;
            ++m_ctx.turn->position;
            m_ctx.turn->advanced.notify(SC_ZERO_TIME);
        }
    }
    sync();
    m_finished = true;
    m_finished_event.notify(SC_ZERO_TIME);
}

// ---------------------------------------------------------------- crossbar stage

crossbar_stage::crossbar_stage(sc_core::sc_module_name name, const stage_context& ctx, std::vector<int> nodes,
                               int turn, std::vector<std::vector<int>> copy_tiles)
    : stage(name, ctx, std::move(nodes), turn), to_tiles("to_tiles"),
      m_n(program(m_node)), m_copy_tiles(std::move(copy_tiles)),
      m_copy_free(m_copy_tiles.size(), SC_ZERO_TIME) {
    if (!m_n.is_crossbar())
        throw std::logic_error(std::string(sc_object::name()) + ": a crossbar stage on a node with no crossbar layer");
    const auto& layer = *m_n.crossbar;
    m_sums.resize(std::size_t(layer.columns));
    m_row_sums.resize(std::size_t(layer.columns) * std::size_t(m_n.out.w));
    m_ext.layer = m_node;
    m_ext.columns = layer.columns;
    m_ext.input = &m_window;
    m_ext.outputs = m_sums.data();
    m_ext.planes = m_n.planes;
    m_packed.resize(std::size_t(m_n.planes));
}

void crossbar_stage::pack_input_rows(int image, int row) {
    if (image != m_packed_image) {
        m_packed_image = image;
        m_packed_rows = 0;
    }
    const int need = m_n.rows_needed[0][std::size_t(row)].last + 1;
    if (need <= m_packed_rows) return;
    const auto& in = received(m_n.inputs[0], image, need - 1);
    for (int plane = 0; plane < m_n.planes; ++plane)
        kernel::pack_map_rows(m_n.geometry, in, plane, m_n.multi_bit, m_packed_rows, need,
                              m_packed[std::size_t(plane)]);
    m_packed_rows = need;
}

sc_time crossbar_stage::compute_row(int node, int image, int row, sc_time start) {
    return node == m_node ? crossbar_row(image, row, start) : stage::compute_row(node, image, row, start);
}

sc_time crossbar_stage::crossbar_row(int image, int row, sc_time start) {
    const auto& layer = *m_n.crossbar;
    const bool packed = m_n.conv;
    // A conv layer packs its input rows as they arrive; an fc layer reads the whole map.
    const kernel::tensor* in = packed ? nullptr : &received(m_n.inputs[0], image, m_n.rows_needed[0][std::size_t(row)].last);
    auto& out = (*m_ctx.streams)[m_node]->image_data(image);
    const uint64_t window_bits = uint64_t(layer.synapses);
    const unsigned bytes = unsigned((window_bits + 7) / 8);
    sc_time row_done = start;
    if (packed) pack_input_rows(image, row);

    for (int x = 0; x < m_n.out.w; ++x) {
        m_ext.image = image;
        m_ext.row = row;
        m_ext.x = x;
        m_ext.window = int64_t(row) * m_n.out.w + x;
        // Dispatch to the copy that frees up first; the stage waits if all are busy.
        const int copy = int(std::min_element(m_copy_free.begin(), m_copy_free.end()) -
                             m_copy_free.begin());
        sc_time t = later(now_local(), m_copy_free[copy]);
        std::fill(m_sums.begin(), m_sums.end(), 0);
        sc_time finished = t;
        for (int plane = 0; plane < m_n.planes; ++plane) {
            if (packed)
                kernel::gather_window(m_n.geometry, m_packed[std::size_t(plane)], row, x, layer, m_window);
            else
                kernel::gather_window(m_n.geometry, *in, row, x, plane, m_n.multi_bit, layer, m_window);
            t = buffer_transfer(window_bits, t, image, m_ext.window);
            advance_to(t);
            m_ext.copy = copy;
            m_ext.plane = plane;
            for (int tile_index : m_copy_tiles[copy]) {
                attach_window(m_gp, m_ext, bytes);
                const sc_time now = sc_core::sc_time_stamp();
                const sc_time local = now_local();
                sc_time delay = positive_gap(now, t);
                to_tiles[tile_index]->b_transport(m_gp, delay);
                m_gp.clear_extension(&m_ext);
                // A pin-level target (RTL co-simulation) may wait: the delay then counts
                // from the time it returned, and our local time stays where it was.
                const sc_time back = sc_core::sc_time_stamp();
                finished = later(finished, back + delay);
                if (back != now) {
                    m_keeper.reset();
                    m_keeper.set(positive_gap(back, local));
                }
            }
        }
        if (m_copy_tiles[copy].size() > 1) {
            // A copy spread over several tiles: the chip sums the tiles' partial sums.
            finished += m_accumulate_time.of(1, m_ctx.params.accumulation.latency_s);
            m_stats_group.charge(m_chip_accumulations, m_node,
                                 double(uint64_t(layer.columns) * (m_copy_tiles[copy].size() - 1)),
                                 m_ctx.params.accumulation.energy_j);
        }
        m_copy_free[copy] = finished;
        row_done = later(row_done, finished);
        int32_t* sums = &m_row_sums[std::size_t(x) * std::size_t(layer.columns)];
        for (int k = 0; k < layer.columns; ++k) sums[k] = int32_t(m_sums[k]);
        ++m_stats.windows;
    }
    // The row goes into the map channel by channel once complete (nothing reads it before
    // this returns): stored window by window, each column's element lands in a line of its
    // own, hundreds of lines per window that the reads in between evict again.
    for (int k = 0; k < layer.columns; ++k) {
        int32_t* dst = &out.at(k, row, 0);
        for (int x = 0; x < m_n.out.w; ++x) dst[x] = m_row_sums[std::size_t(x) * std::size_t(layer.columns) + k];
    }
    return row_done;
}

} // namespace pimscope::modules
