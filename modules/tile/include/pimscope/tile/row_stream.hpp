#pragma once
// A node's output map as it streams through the pipeline, row by row and image after
// image. The producer writes rows (data + the time each row is in its consumers' input
// buffers); each consumer releases rows it no longer needs. A consumer's input buffer
// holds `capacity` rows: the producer may write global row g only once that consumer
// has released row g - capacity (backpressure).
#include "pimscope/kernel/tensor.hpp"
#include "pimscope/traces/sink.hpp"

#include <deque>
#include <map>
#include <memory>
#include <systemc>
#include <vector>

namespace pimscope::modules {

class row_stream {
public:
    row_stream(kernel::shape3 shape, int images);

    int add_consumer(int capacity_rows);   // 0 = unbounded; returns the consumer id

    // Producer side
    kernel::tensor& image_data(int image);                 // allocates on first use
    // Earliest time row `row` of `image` may be written given every consumer's buffer.
    // Returns false (and leaves `at` untouched) when a consumer has not released enough.
    bool space_time(int image, int row, sc_core::sc_time& at) const;
    void write_row(int image, int row, const sc_core::sc_time& ready);

    // Consumer side
    bool has_row(int image, int row) const { return global(image, row) < m_written; }
    const sc_core::sc_time& ready_time(int image, int row) const {
        return m_ready[std::size_t(global(image, row))];
    }
    const kernel::tensor& data(int image) const { return *m_data.at(image); }
    // Rows [.., row) of `image` are no longer needed by consumer `id` as of time `at`.
    void release_until(int id, int image, int row, const sc_core::sc_time& at);

    sc_core::sc_event& written_event() { return m_written_event; }
    sc_core::sc_event& released_event() { return m_released_event; }
    const kernel::shape3& shape() const { return m_shape; }
    int images() const { return m_images; }
    int rows_written() const { return int(m_written); }
    // Most rows consumer `id` held at one simulated instant: rows whose ready time has
    // passed minus rows it released (a row released at the instant another arrives frees
    // its slot first). Host order would overstate it: with temporal decoupling a producer
    // runs ahead of its consumer's releases.
    int peak_occupancy(int id) const;
    int capacity(int id) const { return m_consumers.at(id).capacity; }
    // Reports the rows consumer `id` holds (written, not yet released) to counter `c` of
    // `s`, at the simulated times rows arrive and are released.
    void trace_consumer(int id, traces::sink* s, int c);

private:
    struct consumer {
        int capacity = 0;
        int64_t released = 0;                 // global rows released
        std::vector<sc_core::sc_time> when;   // release time per global row
        traces::sink* trace = nullptr;
        int counter = -1;
    };
    int64_t global(int image, int row) const { return int64_t(image) * m_shape.h + row; }
    void maybe_free(int image);

    kernel::shape3 m_shape;
    int m_images;
    int64_t m_written = 0;
    std::vector<sc_core::sc_time> m_ready;
    std::map<int, std::unique_ptr<kernel::tensor>> m_data;
    // The maps of images freed, kept for the next ones (not allocated afresh: a new map's
    // pages fault in one by one, and a freed large map goes back to the system).
    std::vector<std::unique_ptr<kernel::tensor>> m_spares;
    std::vector<consumer> m_consumers;
    sc_core::sc_event m_written_event, m_released_event;
};

} // namespace pimscope::modules
