#pragma once
// The target socket of a passive block that serves blocking transport only (loosely timed:
// every initiator in the platform calls b_transport). tlm_utils::simple_target_socket also
// converts between blocking and non-blocking calls, which costs each socket a helper
// process object, three named events and their generated names; a chip has thousands of
// subarrays, PEs and tiles, and that unused machinery was most of their elaboration (and
// teardown) time. This socket is bound to itself and forwards b_transport to its owner.
// A non-blocking call is answered with an error rather than served.
#include "pimscope/core/cache_lines.hpp"

#include <systemc>
#include <tlm>

namespace pimscope::core {

template <typename Owner>
class b_target_socket : public tlm::tlm_target_socket<32>, private tlm::tlm_fw_transport_if<> {
public:
    using handler = void (Owner::*)(tlm::tlm_generic_payload&, sc_core::sc_time&);

    b_target_socket(const char* name, Owner* owner, handler h)
        : tlm::tlm_target_socket<32>(name), m_owner(owner), m_handler(h) {
        tlm::tlm_target_socket<32>::bind(static_cast<tlm::tlm_fw_transport_if<>&>(*this));
    }
    // What a call through the socket reads before it reaches the owner: the interface's
    // vtable pointer and the owner's handler (see core/cache_lines).
    void hot_lines(cache_lines& out) const {
        out.add(static_cast<const tlm::tlm_fw_transport_if<>*>(this), sizeof(void*));
        out.add(&m_owner, sizeof m_owner + sizeof m_handler);
    }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override {
        (m_owner->*m_handler)(gp, delay);
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase&, sc_core::sc_time&) override {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return tlm::TLM_COMPLETED;
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned int transport_dbg(tlm::tlm_generic_payload&) override { return 0; }

    Owner* m_owner;
    handler m_handler;
};

} // namespace pimscope::core
