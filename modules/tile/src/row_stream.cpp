#include "pimscope/tile/row_stream.hpp"

#include <algorithm>

namespace pimscope::modules {

using sc_core::sc_time;

row_stream::row_stream(kernel::shape3 shape, int images)
    : m_shape(shape), m_images(images), m_ready(std::size_t(images) * shape.h) {}

int row_stream::add_consumer(int capacity_rows) {
    consumer c;
    c.capacity = capacity_rows;
    c.when.resize(std::size_t(m_images) * m_shape.h);
    m_consumers.push_back(std::move(c));
    return int(m_consumers.size()) - 1;
}

kernel::tensor& row_stream::image_data(int image) {
    auto& slot = m_data[image];
    if (!slot) {
        // A reused map is not cleared: a stage writes every element of a row it computes,
        // and rows are read only once written (has_row), so no element of the previous
        // image is ever read.
        if (!m_spares.empty()) {
            slot = std::move(m_spares.back());
            m_spares.pop_back();
        } else {
            slot = std::make_unique<kernel::tensor>(m_shape);
        }
    }
    return *slot;
}

bool row_stream::space_time(int image, int row, sc_time& at) const {
    const int64_t g = global(image, row);
    sc_time t = sc_core::SC_ZERO_TIME;
    for (const auto& c : m_consumers) {
        if (c.capacity <= 0) continue;
        const int64_t must_be_free = g - c.capacity;   // this row's slot was used by it
        if (must_be_free < 0) continue;
        if (c.released <= must_be_free) return false;
        t = std::max(t, c.when[std::size_t(must_be_free)]);
    }
    at = t;
    return true;
}

void row_stream::trace_consumer(int id, traces::sink* s, int c) {
    m_consumers.at(id).trace = s;
    m_consumers.at(id).counter = c;
}

void row_stream::write_row(int image, int row, const sc_time& ready) {
    const int64_t g = global(image, row);
    // Rows become visible in order; a row is never ready before the one above it.
    sc_time t = ready;
    if (g > 0) t = std::max(t, m_ready[std::size_t(g - 1)]);
    m_ready[std::size_t(g)] = t;
    m_written = std::max(m_written, g + 1);
    for (auto& c : m_consumers)
        if (c.trace) c.trace->count(c.counter, t.value(), +1);
    m_written_event.notify(sc_core::SC_ZERO_TIME);
}

int row_stream::peak_occupancy(int id) const {
    const auto& c = m_consumers.at(id);
    int64_t freed = 0, peak = 0;
    for (int64_t g = 0; g < m_written; ++g) {
        const sc_time& t = m_ready[std::size_t(g)];
        if (g + 1 < m_written && m_ready[std::size_t(g + 1)] == t) continue;   // all rows ready at t
        while (freed < c.released && c.when[std::size_t(freed)] <= t) ++freed;
        peak = std::max(peak, g + 1 - freed);
    }
    return int(peak);
}

void row_stream::release_until(int id, int image, int row, const sc_time& at) {
    auto& c = m_consumers.at(id);
    const int64_t g = std::min(global(image, row), m_written);
    bool moved = false;
    while (c.released < g) {
        c.when[std::size_t(c.released)] = at;
        if (c.trace) c.trace->count(c.counter, at.value(), -1);
        ++c.released;
        moved = true;
    }
    if (moved) {
        m_released_event.notify(sc_core::SC_ZERO_TIME);
        maybe_free(image);
    }
}

void row_stream::maybe_free(int image) {
    // Keep the data while any consumer still needs a row of this image. The last image
    // is kept: the host reads the network output from it after the run.
    if (image + 1 >= m_images) return;
    const int64_t end = global(image + 1, 0);
    for (const auto& c : m_consumers)
        if (c.released < end) return;
    if (m_consumers.empty()) return;
    const auto it = m_data.find(image);
    if (it == m_data.end()) return;
    m_spares.push_back(std::move(it->second));
    m_data.erase(it);
}

} // namespace pimscope::modules
