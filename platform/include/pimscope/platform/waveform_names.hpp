#pragma once
// The names the chip's waveforms get in a VCD. Blocks name their signals after their
// module path (chip.stage_conv1.busy, chip.tile_conv1_0.pe0.adc_groups_busy), so in a
// viewer's signal list most leaves read "busy". A VCD groups by layer instead and gives
// every leaf the name of what it shows:
//   chip.stage_X.busy | stall_input | stall_output   -> chip.X.stage_busy | stage_stall_input | ...
//   chip.stage_X.input_buffer.occupancy_rows[_Y]     -> chip.X.input_buffer_occupancy_rows[_Y]
//   chip.stage_X.input_buffer.port_busy              -> chip.X.input_buffer_port_busy
//   chip.unit_X.datapath_busy                        -> chip.X.unit_datapath_busy
//   chip.tile_X_N.peM.adc_groups_busy                -> chip.X.tile_N.peM_adc_groups_busy
//   chip.host.busy (the host streamer, a stage)      -> chip.host.stage_busy
//   chip.global_buffer.port_busy                     -> chip.global_buffer_port_busy
// Links keep their place (chip.interconnect.link_to_X_busy already says what it shows).
// Here, beside the code that names the modules, because the rule reads those names.
#include <string>

namespace pimscope::platform {

std::string waveform_name(const std::string& module_path);

} // namespace pimscope::platform
