#pragma once
// Every block's circuit model for one chip configuration, resolved once from the
// parameters, and the chip clock they share (docs/models.md §4, §4.7). Plain C++.
#include "pimscope/accum/accum_model.hpp"
#include "pimscope/adc/adc_model.hpp"
#include "pimscope/buffer/buffer_model.hpp"
#include "pimscope/core/param.hpp"
#include "pimscope/core/technology.hpp"
#include "pimscope/interconnect/interconnect_model.hpp"
#include "pimscope/subarray/subarray_model.hpp"
#include "pimscope/tile/tile_model.hpp"

namespace pimscope::chip {

enum class clock_mode { fixed, sensing };

// The chip's clock: a fixed period, or (the study's rule) the ADC's sensing delay; and the
// design period its digital stages are timed against.
class clock_model {
public:
    explicit clock_model(const core::param_scope& scope);
    clock_mode mode() const { return m_mode; }
    double fixed_period_s() const { return m_period; }
    double digital_period_s() const { return m_digital_period; }   // 0: the chip clock
private:
    core::param<clock_mode> m_mode;
    core::param<double> m_period, m_digital_period;
};

// The chip's area by component, as the study's breakdown names them.
struct chip_area {
    double array_m2 = 0, adc_m2 = 0, accumulation_m2 = 0, other_m2 = 0, interconnect_m2 = 0;
    double total_m2() const { return array_m2 + adc_m2 + accumulation_m2 + other_m2 + interconnect_m2; }
};

struct chip_models {
    explicit chip_models(const core::param_scope& scope);
    chip_models(const chip_models&) = delete;
    chip_models& operator=(const chip_models&) = delete;

    core::technology tech;
    clock_model clock;
    subarray::subarray_model subarray;
    adc::adc_model adc;        // senses the subarray's columns
    double clock_s;            // the chip clock period
    double digital_period_s;   // the period digital stages are rounded to
    accum::accum_model accum;
    buffer::buffer_model buffer;
    interconnect::interconnect_model interconnect;
    tile::tile_model tile;

    // The side of one tile, which the wires between tiles span.
    double tile_pitch_m() const;
    // The global bus (and the chip H-tree, as wide): each tile's input rows and one output
    // per ADC column group, halved to the bus cap (as the study's simulator sizes it).
    double global_bus_bits(int tiles) const;
    // `tiles` tiles and the chip H-tree that spans them.
    chip_area area(int tiles) const;
    // The true chip's data movers, which the study's accounting has no counterpart for:
    // per stage an input-buffer port, a link into it and an output unit of `lanes` 16-bit
    // lanes; the global buffer's port and the link back to the host.
    // multiplier_rows: over the stages whose unit also multiplies (it runs a multi-bit
    // conv/fc), the weight bits of each: every lane of such a unit gains a B x 16-bit array
    // multiplier, B 16-bit adders.
    double datapath_area_m2(int stages, int tiles, int port_bits, int link_bits, int lanes,
                            int multiplier_rows = 0) const;
};

} // namespace pimscope::chip

template <>
struct pimscope::core::enum_names<pimscope::chip::clock_mode> {
    static const std::vector<std::pair<chip::clock_mode, const char*>>& table();
};
