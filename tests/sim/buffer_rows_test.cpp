// A buffer holds the rows delivered into it and returns them to a read that carries data;
// a read of a row it does not hold is an error, not stale data.
#include "pimscope/buffer/buffer.hpp"
#include "pimscope/core/window_payload.hpp"

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

using namespace pimscope;
using namespace pimscope::modules;

namespace {

struct host : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<host> reader{"reader"}, filler{"filler"};
    explicit host(sc_core::sc_module_name n) : sc_module(n) {}
};

void deliver(host& h, uint64_t address, std::vector<uint8_t> row) {
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(address);
    gp.set_data_ptr(row.data());
    gp.set_data_length(unsigned(row.size()));
    ASSERT_EQ(h.filler->transport_dbg(gp), row.size());
}

} // namespace

TEST(buffer_rows, timed_read_returns_delivered_rows_and_costs_their_bits) {
    buffer b("b", {64, 1e-9, 1e-15});
    host h("h");
    h.reader.bind(b.in);
    h.filler.bind(b.fill);
    deliver(h, map_row_address(3, 0, 0), {1, 2, 3});
    deliver(h, map_row_address(3, 0, 1), {4, 5, 6});
    std::vector<uint8_t> out(6, 0);
    transfer_extension ext;
    ext.layer = 3;
    ext.bits = 48;
    const sc_core::sc_time done = transfer_at(h.reader, ext, sc_core::SC_ZERO_TIME, tlm::TLM_READ_COMMAND,
                                              map_row_address(3, 0, 0), out.data(), 6);
    EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(done, sc_core::sc_time(1, sc_core::SC_NS));   // 48 bits through a 64-bit port
    EXPECT_EQ(b.rows_held(), 2u);
    b.release(map_row_address(3, 0, 0), map_row_address(3, 1, 0));
    EXPECT_EQ(b.rows_held(), 0u);
    EXPECT_THROW(transfer_at(h.reader, ext, sc_core::SC_ZERO_TIME, tlm::TLM_READ_COMMAND,
                             map_row_address(3, 0, 0), out.data(), 6),
                 std::logic_error);
}
