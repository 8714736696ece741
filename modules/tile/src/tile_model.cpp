#include "pimscope/tile/tile_model.hpp"

#include <cmath>

namespace pimscope::tile {

namespace {

// H-tree levels are powers of two; past 64 x 64 a PE or tile would hold millions of blocks.
core::param_check<int64_t> power_of_two_up_to(int64_t most) {
    return [most](const int64_t& v) {
        if (v <= 0 || (v & (v - 1)) != 0) return std::string("must be a power of two");
        return v <= most ? std::string() : "must be at most " + std::to_string(most);
    };
}

} // namespace


tile_model::tile_model(const core::param_scope& s, const core::technology& tech,
                       const subarray::subarray_model& sub, const adc::adc_model& adc,
                       const accum::accum_model& acc, const buffer::buffer_model& buf)
    : m_tech(&tech), m_sub(&sub), m_adc(&adc), m_acc(&acc), m_buf(&buf),
      m_pe_subarrays(s, "hierarchy.pe_subarrays", 4, "subarray", "a PE is N x N subarrays (H-tree: a power of two)",
                     power_of_two_up_to(64)),
      m_tile_pes(s, "hierarchy.tile_pes", 2, "PE", "a tile is N x N PEs (H-tree: a power of two)",
                 power_of_two_up_to(64)),
      m_max_tiles(s, "hierarchy.max_tiles", 4096, "tile", "tiles on the chip; a network needing more does not fit",
                  core::positive<int>()),
      m_periphery_leakage(s, "tile.leakage_per_column_w", 2.551e-9, "W",
                          "leakage of a tile's buffers and periphery per column of its crossbar grid",
                          core::non_negative<double>()) {}

int tile_model::adder_bits() const {
    return m_adc->bits() + int(std::lround(std::log2(double(pe_subarrays()) * pe_subarrays())));
}

tile_area tile_model::area() const {
    const double subs = double(tile_subarrays()) * tile_subarrays();
    tile_area a;
    a.array_m2 = subs * m_sub->cell_array_area_m2();
    a.adc_m2 = subs * m_sub->adcs() * m_adc->area_m2();
    // One adder tree per ADC output of a tile column group (the column mux time-shares it:
    // the study's simulator sizes its trees from columns / mux), each with an adder per
    // subarray stacked in the tile's column (its tree plus the shift-add at the root).
    const double trees = double(cols()) / m_sub->columns_per_adc();
    a.accumulation_m2 = m_acc->adder_area_m2(trees * tile_subarrays() * adder_bits());
    a.other_m2 = m_buf->tile_area_m2(cols()) +
                 subs * (m_sub->periphery_area_m2() + m_sub->mux_area_m2() + m_sub->adcs() * m_adc->reference_area_m2());
    return a;
}

double tile_model::pe_input_bus_m() const { return (pe_subarrays() - 1) * m_sub->width_m(); }

double tile_model::pe_output_bus_m() const {
    return (pe_subarrays() - 1) * m_sub->height_m(m_sub->adcs() * m_adc->area_m2());
}

double tile_model::leakage_w() const {
    const double subs = double(tile_subarrays()) * tile_subarrays();
    // Buffers and periphery grow with the tile's width, as their area does.
    // Volatile cells (SRAM) hold their state on a supply and leak; non-volatile ones do not.
    return m_periphery_leakage * cols() * m_tech->leakage_scale() + subs * m_sub->adcs() * m_adc->leakage_w() +
           subs * m_sub->cells_leakage_w();
}

double tile_model::study_leakage_w(int row_slices) const {
    const int pe = pe_subarrays();
    const int last_pe_rows = (row_slices - 1) % pe + 1;
    int counted_rows = 1;
    while (counted_rows * 2 <= last_pe_rows) counted_rows *= 2;
    const int uncounted = (pe - counted_rows) * pe * tile_pes() * tile_pes();
    return leakage_w() - uncounted * m_sub->adcs() * m_adc->converter_leakage_w();
}

} // namespace pimscope::tile
