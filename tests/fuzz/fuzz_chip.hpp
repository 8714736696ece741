#pragma once
// What the targets do after a parser succeeds: the same steps `pimscope map` and the start
// of `pimscope run` take with what was parsed (map the network on the chip, program the
// crossbars), so that values a parser lets through are exercised by their first users.
#include "pimscope/common/arch_config.hpp"
#include "pimscope/sw/network.hpp"

#include <string>

namespace pimscope::fuzz {

// configs/arch/rram22_xnor.yaml, loaded once.
const arch_config& default_arch();
// configs/nets/fmnist_bnn.yaml with its trained weights, loaded once.
const sw::network& small_network();

// map_network + the floorplan table + prepare_network.
void map_and_prepare(const sw::network& net, const arch_config& arch);
// map_network + the floorplan table.
void map_only(const sw::graph& g, const arch_config& arch);

// Generating and programming weights is linear in their number: under the sanitizers
// balexnet's 60 M take 10 s. Networks above 2^20 weights are parsed and mapped only, so
// that the fuzzer spends its time on inputs.
bool small_enough_to_program(const sw::graph& g);

// A network file (YAML or NeuroSim table) as `run` starts with it: loaded, mapped, and
// programmed when small enough to.
void load_map_and_prepare(const std::string& path);

} // namespace pimscope::fuzz
