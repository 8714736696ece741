#pragma once
// The PE's digital datapath as a replaceable part: the adder tree that sums the partial
// sums of the subarrays holding a window's row slices, and the shift-add that combines
// bit-serial input planes. The behavioural model lives in pe::b_transport; a pe_datapath
// (the RTL in co-simulation, rtl/) can take its place in any PE.
#include "pimscope/core/window_payload.hpp"

#include <cstdint>
#include <systemc>

namespace pimscope::modules {

// One plane of one window as the datapath sees it, after the subarrays have converted.
struct datapath_request {
    const window_extension* ext = nullptr;   // layer, plane, planes, window coordinates
    const char* pe = "";                     // the PE's hierarchical name
    int inputs = 0;                          // subarrays feeding the adder tree
    int columns = 0;                         // the layer's columns
    // psums[i * columns + c]: unscaled partial sum (2 * count - active) of input i for
    // column c; input i holds columns [col_begin[i], col_end[i]) (0 elsewhere).
    const int64_t* psums = nullptr;
    const int* col_begin = nullptr;
    const int* col_end = nullptr;
    int64_t* outputs = nullptr;              // the window's per-column sums (ext->outputs)
    sc_core::sc_time start;                  // absolute time the datapath starts
    sc_core::sc_time clock;                  // its clock period
};

class pe_datapath {
public:
    virtual ~pe_datapath() = default;
    // Adds this plane's contribution to req.outputs (by the window's last plane the
    // outputs must hold what the behavioural PE would have added over all planes) and
    // returns the clock cycles the datapath was busy.
    virtual uint64_t process(const datapath_request& req) = 0;
};

} // namespace pimscope::modules
