#pragma once
// The data a crossbar transaction carries, attached to a tlm_generic_payload: one bit
// plane of one input window on its way to the subarrays of one weight copy (the request),
// and the per-column accumulators the partial sums come back into (the response). The
// weights and the ADC are not in it: the subarrays were programmed with them.
#include "pimscope/kernel/packing.hpp"

#include <stdexcept>
#include <string>
#include <systemc>
#include <tlm>

namespace pimscope::modules {

// What a digital unit does to an element: the operation picks its latency and energy.
// mac: one multiply-accumulate of a multi-bit (integer-weight) conv/fc run by the unit.
enum class unit_op : uint8_t { activation, pooling, eltwise, mac };
inline const char* to_string(unit_op op) {
    return op == unit_op::pooling ? "pooling" : op == unit_op::eltwise ? "eltwise" : op == unit_op::mac ? "mac" : "activation";
}

struct window_extension : tlm::tlm_extension<window_extension> {
    int layer = -1;                              // graph node index (for statistics)
    int copy = 0;                                // which weight copy serves this window
    int plane = 0;                               // input bit plane (shift-add weight 2^plane)
    int planes = 1;                              // planes of this window (shift-add if > 1)
    int image = 0, row = -1, x = -1;             // which window (for co-simulation reports)
    int64_t window = -1;                         // row * output width + x (for traces)
    int columns = 0;                             // output columns of the layer (outputs' length)
    const kernel::packed_vector* input = nullptr;
    int64_t* outputs = nullptr;                  // one accumulator per output column

    tlm::tlm_extension_base* clone() const override { return new window_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const window_extension&>(other);
    }
};

// Prepares a payload that carries `ext`: a write of the packed input vector.
inline void attach_window(tlm::tlm_generic_payload& gp, window_extension& ext,
                          unsigned int bytes) {
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(0);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(
        const_cast<uint64_t*>(ext.input->pos.data())));
    gp.set_data_length(bytes);
    gp.set_streaming_width(bytes);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
}

// Payload of the data movers (buffers, interconnect, digital units): how much moves
// or how many elements are processed, and for which layer.
struct transfer_extension : tlm::tlm_extension<transfer_extension> {
    int layer = -1;
    uint64_t bits = 0;         // buffers and links
    uint64_t elements = 0;     // digital units
    unit_op op = unit_op::activation;   // digital units: which operation (its cost)
    int hops = 1;              // interconnect
    int destination = -1;      // interconnect: receiving stage (-1: the host)
    int image = -1;            // for traces
    int64_t window = -1;       // for traces: the window a buffer read serves
    tlm::tlm_extension_base* clone() const override { return new transfer_extension(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const transfer_extension&>(other);
    }
};

// Where a row of a map sits in a buffer: one address per (map, image, row), consecutive
// rows at consecutive addresses, so a transaction of n rows starts at its first row's.
inline uint64_t map_row_address(int map, int image, int row) {
    return (uint64_t(map) << 44) | (uint64_t(image) << 20) | uint64_t(row);
}

// One data-mover transaction (buffer port, link, digital unit) that may start at absolute
// time `at`; returns the absolute time it is done. A transfer of rows carries their bytes
// (`data`, `length` at `address`): written from them, or read into them. `gp` is the
// caller's payload, reset here: a payload allocates its extension array when constructed,
// and a stage moves data once per window, so each keeps one.
template <typename socket_t>
sc_core::sc_time transfer_at(socket_t& socket, tlm::tlm_generic_payload& gp, transfer_extension& ext,
                             const sc_core::sc_time& at, tlm::tlm_command command, uint64_t address = 0,
                             unsigned char* data = nullptr, unsigned int length = 0) {
    gp.set_command(command);
    gp.set_address(address);
    gp.set_data_ptr(data);
    gp.set_data_length(length);
    gp.set_streaming_width(length);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_byte_enable_length(0);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    sc_core::sc_time delay = at > now ? at - now : sc_core::SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    gp.clear_extension(&ext);
    if (gp.is_response_error())
        throw std::logic_error("a " + std::string(command == tlm::TLM_READ_COMMAND ? "read" : "write") +
                               " of layer " + std::to_string(ext.layer) + " failed: " + gp.get_response_string());
    return now + delay;
}

// The same with a payload of its own, for callers that move data rarely.
template <typename socket_t>
sc_core::sc_time transfer_at(socket_t& socket, transfer_extension& ext, const sc_core::sc_time& at,
                             tlm::tlm_command command, uint64_t address = 0,
                             unsigned char* data = nullptr, unsigned int length = 0) {
    tlm::tlm_generic_payload gp;
    return transfer_at(socket, gp, ext, at, command, address, data, length);
}

} // namespace pimscope::modules
