#pragma once
// The tile's place in the hierarchy (chip -> tile -> PE -> subarray) and what one tile
// costs: the area of its subarrays, ADCs, adders, buffers and periphery, and its leakage
// (docs/models.md §4.3, §5). Plain C++.
#include "pimscope/accum/accum_model.hpp"
#include "pimscope/adc/adc_model.hpp"
#include "pimscope/buffer/buffer_model.hpp"
#include "pimscope/core/param.hpp"
#include "pimscope/subarray/subarray_model.hpp"

namespace pimscope::tile {

// One tile's area by component, as the study's breakdown names them.
struct tile_area {
    double array_m2 = 0, adc_m2 = 0, accumulation_m2 = 0, other_m2 = 0;
    double total_m2() const { return array_m2 + adc_m2 + accumulation_m2 + other_m2; }
};

class tile_model {
public:
    tile_model(const core::param_scope& scope, const core::technology& tech,
               const subarray::subarray_model& sub, const adc::adc_model& adc,
               const accum::accum_model& acc, const buffer::buffer_model& buf);

    int pe_subarrays() const { return int(m_pe_subarrays.get()); }   // per side
    int tile_pes() const { return int(m_tile_pes.get()); }           // per side
    int max_tiles() const { return m_max_tiles; }
    int tile_subarrays() const { return pe_subarrays() * tile_pes(); }   // per side
    int rows() const { return m_sub->rows() * tile_subarrays(); }
    int cols() const { return m_sub->cols() * tile_subarrays(); }
    // Width of the tile's accumulation: the ADC code plus the growth over a PE's subarrays.
    int adder_bits() const;
    tile_area area() const;
    double leakage_w() const;             // periphery + every comparator's bias
    // The study's accounting of a layer's tile leakage (docs/models.md §5): for a layer of
    // `row_slices` subarray rows, every PE is counted with as many subarray rows as its
    // last PE holds, rounded down to a power of two; each subarray left out takes its ADCs'
    // converter leakage (encoder, output register: adc_model) off leakage_w(); their
    // comparators' bias stays counted.
    double study_leakage_w(int row_slices) const;
    // PE buses (docs/models.md §4.5): the input bus runs along a PE's row of subarrays,
    // the output bus (ADC codes to the PE's adders) along its column of subarrays, each
    // from the first subarray to the last.
    double pe_input_bus_m() const;
    double pe_output_bus_m() const;

private:
    const core::technology* m_tech;
    const subarray::subarray_model* m_sub;
    const adc::adc_model* m_adc;
    const accum::accum_model* m_acc;
    const buffer::buffer_model* m_buf;
    core::param<int64_t> m_pe_subarrays, m_tile_pes;
    core::param<int> m_max_tiles;
    core::param<double> m_periphery_leakage;
};

} // namespace pimscope::tile
