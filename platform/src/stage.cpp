#include "pimscope/platform/stage.hpp"

#include "pimscope/sw/golden.hpp"
#include "pimscope/sw/kernel_adapters.hpp"
#include "pimscope/sw/rows.hpp"

#include <algorithm>
#include <string>
#include <cstdio>
#include <cstdlib>

namespace pimscope::platform {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {
sc_time later(const sc_time& a, const sc_time& b) { return a > b ? a : b; }
sc_time positive_gap(const sc_time& from, const sc_time& to) {
    return to > from ? to - from : SC_ZERO_TIME;
}

// One data-mover transaction (buffer port, link, digital unit) that may start at `at`;
// returns the absolute time it is done.
template <typename socket_t>
sc_time transfer(socket_t& socket, modules::transfer_extension& ext, const sc_time& at,
                 tlm::tlm_command command) {
    tlm::tlm_generic_payload gp;
    gp.set_command(command);
    gp.set_data_length(0);
    gp.set_extension(&ext);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time delay = at > now ? at - now : SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    gp.clear_extension(&ext);
    return now + delay;
}
} // namespace

stage::stage(sc_core::sc_module_name name, const stage_context& ctx, int node)
    : sc_module(name), to_input_buffer("to_input_buffer"), to_noc("to_noc"), m_ctx(ctx),
      m_node(node), m_n(ctx.net->g->nodes[node]) {
    m_input_buffer = std::make_unique<modules::buffer>("input_buffer", *ctx.arch);
    to_input_buffer.bind(m_input_buffer->in);
    // Our input buffer holds stage_buffer_rows rows of each input map, but never fewer
    // than one output row needs plus one being written (else the pipeline deadlocks).
    for (std::size_t slot = 0; slot < m_n.inputs.size(); ++slot) {
        const int producer = m_n.inputs[slot];
        int capacity = ctx.arch->stage_buffer_rows;
        if (capacity > 0) {
            // The rows one output row needs plus the next row's new ones: the least a
            // buffer can hold without stopping the stage for good.
            for (int r = 0; r + 1 < m_n.out.h; ++r) {
                const auto now_rows = sw::row_window(*ctx.net->g, node, int(slot), r);
                const auto next_rows = sw::row_window(*ctx.net->g, node, int(slot), r + 1);
                capacity = std::max(capacity, next_rows.last - now_rows.first + 1);
            }
            const auto only = sw::row_window(*ctx.net->g, node, int(slot), 0);
            capacity = std::max(capacity, only.last - only.first + 1);
        }
        m_consumer_ids.push_back((*ctx.streams)[producer]->add_consumer(capacity));
    }
    for (int c = node + 1; c < int(ctx.net->g->nodes.size()); ++c)
        for (int producer : ctx.net->g->nodes[c].inputs)
            if (producer == node) {
                m_readers.push_back(c);
                break;
            }
    m_stats.image_start.resize(ctx.images);
    m_stats.image_end.resize(ctx.images);
    SC_THREAD(run);
}

int stage::element_bits(int node) const {
    if (node == 0)
        return m_ctx.net->encoding.bits + (m_ctx.net->encoding.is_signed ? 1 : 0);
    return sw::produces_binary_map(*m_ctx.net->g, node) ? 1 : 16;
}

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
        m_busy_track = s->track(name(), traces::track_kind::stage, m_node);
        m_stall_track = s->track(std::string(name()) + ".stall", traces::track_kind::stage_stall, m_node);
    }
    m_input_buffer->trace_to(s, m_node);
}

sc_time stage::buffer_transfer(uint64_t bits, const sc_time& at, int image, int64_t window) {
    modules::transfer_extension ext;
    ext.layer = m_node;
    ext.bits = bits;
    ext.image = image;
    ext.window = window;
    return transfer(to_input_buffer, ext, at, tlm::TLM_READ_COMMAND);
}

void stage::wait_for_turn(int image) {
    if (!m_ctx.turn) return;
    const int64_t mine = int64_t(image) * m_ctx.nodes + m_node;
    while (m_ctx.turn->position != mine) wait_for(m_ctx.turn->advanced);
    advance_to(m_ctx.turn->finished_at);
}

sc_time stage::wait_for_rows(int image, int row) {
    sc_time ready = SC_ZERO_TIME;
    for (std::size_t slot = 0; slot < m_n.inputs.size(); ++slot) {
        auto& producer = *(*m_ctx.streams)[m_n.inputs[slot]];
        const int last = sw::row_window(*m_ctx.net->g, m_node, int(slot), row).last;
        while (!producer.has_row(image, last)) wait_for(producer.written_event());
        ready = later(ready, producer.ready_time(image, last));
    }
    return ready;
}

sc_time stage::wait_for_space(int image, int row) {
    auto& out = *(*m_ctx.streams)[m_node];
    sc_time at;
    while (!out.space_time(image, row, at)) wait_for(out.released_event());
    return at;
}

void stage::release_inputs(int image, int next_row, const sc_time& at) {
    for (std::size_t slot = 0; slot < m_n.inputs.size(); ++slot) {
        auto& producer = *(*m_ctx.streams)[m_n.inputs[slot]];
        const int keep_from = next_row < m_n.out.h
                                  ? sw::row_window(*m_ctx.net->g, m_node, int(slot), next_row).first
                                  : producer.shape().h;
        producer.release_until(m_consumer_ids[slot], image, keep_from, at);
    }
}

sc_time stage::send_row(int image, int row, const sc_time& ready) {
    // The row goes to every reader's input buffer (or to the host); each destination link
    // is reserved on its own, and the row has arrived when the last copy has.
    modules::transfer_extension ext;
    ext.layer = m_node;
    ext.bits = uint64_t(m_n.out.c) * m_n.out.w * element_bits(m_node);
    ext.hops = m_ctx.chip_hops;
    ext.image = image;
    sc_time arrived = ready;
    const std::vector<int> host{-1};
    for (int destination : m_readers.empty() ? host : m_readers) {
        ext.destination = destination;
        arrived = later(arrived, transfer(to_noc, ext, ready, tlm::TLM_WRITE_COMMAND));
    }
    return arrived;
}

void stage::run() {
    auto& out = *(*m_ctx.streams)[m_node];
    for (int image = 0; image < m_ctx.images; ++image) {
        wait_for_turn(image);
        out.image_data(image);
        sc_time last_ready = now_local();
        for (int row = 0; row < m_n.out.h; ++row) {
            const sc_time inputs_ready = wait_for_rows(image, row);
            const sc_time local = now_local();
            m_stats.stall_input += positive_gap(local, inputs_ready);
            if (m_trace && inputs_ready > local)
                m_trace->slice(m_stall_track, "stall_input", modules::ticks_of(local),
                               modules::ticks_of(inputs_ready), {m_node, image, -1, 0, 0});
            const sc_time start = later(local, inputs_ready);
            if (row == 0) m_stats.image_start[image] = start;
            advance_to(start);
            const sc_time done = compute_row(image, row, start);
            // Busy time is the union of the rows' [start, done] intervals: a row's tail
            // (copies still converting) may overlap the next row's start.
            m_stats.busy += positive_gap(later(start, m_busy_until), done);
            if (m_trace && done > later(start, m_busy_until))
                m_trace->slice(m_busy_track, "row", modules::ticks_of(later(start, m_busy_until)),
                               modules::ticks_of(done), {m_node, image, -1, 0, 0});
            m_busy_until = later(m_busy_until, done);
            release_inputs(image, row + 1, now_local());

            const sc_time space = wait_for_space(image, row);
            m_stats.stall_output += positive_gap(done, space);
            if (m_trace && space > done)
                m_trace->slice(m_stall_track, "stall_output", modules::ticks_of(done),
                               modules::ticks_of(space), {m_node, image, -1, 0, 0});
            const sc_time ready = send_row(image, row, later(done, space));
            // Backpressure: the stage cannot go on before its row has left.
            if (space > done) advance_to(space);
            out.write_row(image, row, ready);
            last_ready = later(last_ready, ready);
            ++m_stats.rows;
            if (m_ctx.on_row) m_ctx.on_row();
        }
        release_inputs(image, m_n.out.h, now_local());
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

// ---------------------------------------------------------------- host source

host_source::host_source(sc_core::sc_module_name name, const stage_context& ctx,
                         const std::vector<sw::tensor>& images)
    : stage(name, ctx, 0), to_global_buffer("to_global_buffer"), m_images(images) {}

sc_time host_source::compute_row(int image, int row, sc_time start) {
    auto& dst = (*m_ctx.streams)[0]->image_data(image);
    const auto& src = m_images.at(std::size_t(image));
    for (int c = 0; c < m_n.out.c; ++c)
        for (int x = 0; x < m_n.out.w; ++x) dst.at(c, row, x) = src.at(c, row, x);

    modules::transfer_extension ext;
    ext.layer = 0;
    ext.image = image;
    ext.bits = uint64_t(m_n.out.c) * m_n.out.w * element_bits(0);
    const sc_time done = transfer(to_global_buffer, ext, start, tlm::TLM_WRITE_COMMAND);
    advance_to(done);
    return done;
}

// ---------------------------------------------------------------- crossbar stage

crossbar_stage::crossbar_stage(sc_core::sc_module_name name, const stage_context& ctx, int node,
                               std::vector<std::vector<int>> copy_tiles)
    : stage(name, ctx, node), to_tiles("to_tiles"), m_copy_tiles(std::move(copy_tiles)),
      m_copy_free(m_copy_tiles.size(), SC_ZERO_TIME), m_geometry(sw::geometry_of(m_n)) {
    const auto& layer = *ctx.net->crossbars.at(node);
    m_sums.resize(std::size_t(layer.columns));
    m_multi_bit = ctx.net->g->reads_network_input(node);
    m_planes = m_multi_bit ? ctx.net->encoding.planes() : 1;
    m_ext.layer = node;
    m_ext.columns = layer.columns;
    m_ext.input = &m_window;
    m_ext.outputs = m_sums.data();
    m_ext.planes = m_planes;
    m_packed.resize(std::size_t(m_planes));
}

void crossbar_stage::pack_input_rows(int image, int row) {
    const auto& in = (*m_ctx.streams)[m_n.inputs[0]]->data(image);
    if (image != m_packed_image) {
        m_packed_image = image;
        m_packed_rows = 0;
    }
    const int need = sw::row_window(*m_ctx.net->g, m_node, 0, row).last + 1;
    if (need <= m_packed_rows) return;
    for (int plane = 0; plane < m_planes; ++plane)
        kernel::pack_map_rows(m_geometry, in, plane, m_multi_bit, m_packed_rows, need,
                              m_packed[plane]);
    m_packed_rows = need;
}

sc_time crossbar_stage::compute_row(int image, int row, sc_time start) {
    const auto& layer = *m_ctx.net->crossbars.at(m_node);
    const auto& in = (*m_ctx.streams)[m_n.inputs[0]]->data(image);
    auto& out = (*m_ctx.streams)[m_node]->image_data(image);
    const uint64_t window_bits = uint64_t(layer.synapses);
    const unsigned bytes = unsigned((window_bits + 7) / 8);
    sc_time row_done = start;
    const bool packed = m_n.kind == sw::op_kind::conv;
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
        for (int plane = 0; plane < m_planes; ++plane) {
            if (packed)
                kernel::gather_window(m_geometry, m_packed[plane], row, x, layer, m_window);
            else
                kernel::gather_window(m_geometry, in, row, x, plane, m_multi_bit, layer, m_window);
            t = buffer_transfer(window_bits, t, image, m_ext.window);
            advance_to(t);
            m_ext.copy = copy;
            m_ext.plane = plane;
            for (int tile_index : m_copy_tiles[copy]) {
                modules::attach_window(m_gp, m_ext, bytes);
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
            finished += sc_time(m_ctx.arch->accumulation_op.latency_s, sc_core::SC_SEC);
            m_activity.charge(m_node, modules::action::accumulation,
                              uint64_t(layer.columns) * (m_copy_tiles[copy].size() - 1),
                              m_ctx.arch->accumulation_op.energy_j);
        }
        m_copy_free[copy] = finished;
        row_done = later(row_done, finished);
        for (int k = 0; k < layer.columns; ++k) out.at(k, row, x) = int32_t(m_sums[k]);
        ++m_stats.windows;
    }
    return row_done;
}

// ---------------------------------------------------------------- digital stage

digital_stage::digital_stage(sc_core::sc_module_name name, const stage_context& ctx, int node)
    : stage(name, ctx, node), to_unit("to_unit") {}

sc_time digital_stage::compute_row(int image, int row, sc_time start) {
    const auto& g = *m_ctx.net->g;
    std::vector<const sw::tensor*> inputs;
    uint64_t bits = 0;
    for (std::size_t slot = 0; slot < m_n.inputs.size(); ++slot) {
        const int producer = m_n.inputs[slot];
        inputs.push_back(&(*m_ctx.streams)[producer]->data(image));
        const auto w = sw::row_window(g, m_node, int(slot), row);
        const auto& s = g.nodes[producer].out;
        bits += uint64_t(w.last - w.first + 1) * s.c * s.w * element_bits(producer);
    }
    auto& out = (*m_ctx.streams)[m_node]->image_data(image);
    sw::apply_digital_rows(g, m_node, m_ctx.net->params->nodes[m_node], inputs, out, row, row + 1);

    const sc_time read = buffer_transfer(bits, start, image);
    modules::transfer_extension ext;
    ext.layer = m_node;
    ext.elements = uint64_t(m_n.out.c) * m_n.out.w;
    ext.image = image;
    const sc_time done = transfer(to_unit, ext, read, tlm::TLM_WRITE_COMMAND);
    advance_to(done);
    return done;
}

} // namespace pimscope::platform
