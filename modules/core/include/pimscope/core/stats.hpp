#pragma once
// What a block did, by name (DESIGN §3, "Statistics"): each block owns a stats_group of
// named counters, energies and busy times with units and a description, kept per layer
// served (a block of a tile group serves one layer; a shared block tags each use with the
// layer it served). Reports and the bottleneck analysis walk the registry of groups
// instead of a hand-written list of block kinds. Plain C++ (no SystemC).
#include "pimscope/core/cache_lines.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pimscope::core {

enum class stat_kind : uint8_t { count, energy, time };
const char* unit_of(stat_kind k);   // "" (counts carry their own unit word), "J", "s"

struct stat_info {
    std::string name;          // e.g. "conversions"
    stat_kind kind = stat_kind::count;
    std::string unit;          // counts: what is counted ("conversion"); else "J" or "s"
    std::string description;
    std::string component;     // chip component in the breakdowns, e.g. "adc" ("" = none)
};

class stats_registry;

class stats_group {
public:
    using handle = int;

    // path: the owning block's hierarchical name. Registers with `registry`.
    explicit stats_group(std::string path);
    stats_group(std::string path, stats_registry& registry);
    ~stats_group();
    stats_group(const stats_group&) = delete;
    stats_group& operator=(const stats_group&) = delete;

    handle counter(std::string name, std::string unit, std::string description,
                   std::string component = "");
    handle energy(std::string name, std::string description, std::string component);
    handle busy_time(std::string name, std::string description, std::string component);
    // An action the block performs: a counter `name` in `unit`s and the energy they took,
    // `name`_energy, registered together (charge() adds to both).
    handle action(const std::string& name, const std::string& unit, const std::string& description,
                  const std::string& component);
    // `n` actions of `energy_each` joules for `layer`, on a handle from action().
    void charge(handle action_handle, int layer, double n, double energy_each) {
        add(action_handle, layer, n);
        add(action_handle + 1, layer, n * energy_each);
    }

    // Adds `amount` (count, joules or seconds) to stat `h` for `layer`.
    void add(handle h, int layer, double amount) {
        per_stat& s = h < inline_stats ? m_inline[h] : m_more[std::size_t(h - inline_stats)];
        if (s.layer == layer) {
            s.value += amount;
            return;
        }
        add_other_layer(h, s, layer, amount);
    }

    const std::string& path() const { return m_path; }
    // The lines a charge to one of the first stats touches (see core/cache_lines).
    void hot_lines(cache_lines& out) const { out.add(m_inline, sizeof m_inline); }
    const std::vector<stat_info>& stats() const { return m_stats; }
    double value(handle h, int layer) const;
    double total(handle h) const;
    // f(layer, value) for every layer stat `h` has a value for, in the order they came.
    template <typename F>
    void for_each_layer(handle h, F&& f) const {
        const per_stat& s = slot(h);
        if (s.layer == no_layer) return;
        f(s.layer, s.value);
        if (std::size_t(h) < m_other_layers.size())
            for (const auto& [l, v] : m_other_layers[std::size_t(h)]) f(l, v);
    }
    // Layers this group has any value for, ascending.
    std::vector<int> layers() const;

private:
    handle add_stat(stat_info info);

    // One stat's values by layer. A block serves one layer (a shared block a few), so the
    // first layer's value is kept inline: a block's charges then touch one small array, not
    // a separately allocated list per stat (the charges of thousands of subarrays and ADC
    // banks missed the cache on those lists).
    static constexpr int no_layer = -2147483647 - 1;
    struct per_stat {
        int layer = no_layer;
        double value = 0;
    };
    void add_other_layer(handle h, per_stat& s, int layer, double amount);

    friend class stats_registry;
    std::string m_path;
    stats_registry* m_registry;
    mutable std::size_t m_slot = 0;   // where the registry keeps this group
    std::vector<stat_info> m_stats;
    // The first stats' values are kept in the group itself, i.e. in the block that owns it
    // (a subarray's or ADC bank's charges then touch memory the read touched already);
    // any further stats' values in m_more.
    static constexpr int inline_stats = 4;
    std::vector<per_stat> m_more;
    // Per stat (by handle), its values for the layers after its first, in the order they
    // came; only blocks shared by layers have any, so it is kept out of the line below.
    std::vector<std::vector<std::pair<int, double>>> m_other_layers;
    // Four 16-byte values in one aligned cache line, last, so that the owner's fields
    // declared next start the following line: a read's charges touch one line per group
    // instead of three (see core/cache_lines).
    alignas(cache_lines::line_bytes) per_stat m_inline[inline_stats];
    const per_stat& slot(handle h) const {
        if (h < 0 || std::size_t(h) >= m_stats.size()) throw std::out_of_range("stats_group: no such statistic");
        return h < inline_stats ? m_inline[h] : m_more[std::size_t(h - inline_stats)];
    }
};

// Every live stats group, in the order they were created (the elaboration order).
class stats_registry {
public:
    stats_registry() = default;
    stats_registry(const stats_registry&) = delete;
    stats_registry& operator=(const stats_registry&) = delete;

    const std::vector<const stats_group*>& groups() const;
    // Sum of every stat of kind `k` (and component `component`, unless empty) for `layer`
    // (all layers when layer < 0).
    double sum(stat_kind k, const std::string& component = "", int layer = -1) const;
    // Sum of the stats called `name` in every group, for `layer` (all when layer < 0).
    double sum_named(const std::string& name, int layer = -1) const;

    // The registry new groups join when none is named (the platform installs one per run).
    static stats_registry& current();

private:
    friend class stats_group;
    friend class installed_stats;
    void add(const stats_group* g);
    void remove(const stats_group* g);
    // A chip has thousands of groups and takes them down in no particular order: removal
    // leaves a hole (found through the group's slot, not by a search, which made tearing
    // down a chip quadratic) and groups() closes the holes when next asked.
    mutable std::vector<const stats_group*> m_groups;
    mutable std::size_t m_holes = 0;
    static stats_registry* s_current;
};

// Makes `r` the current stats registry for the lifetime of this object.
class installed_stats {
public:
    explicit installed_stats(stats_registry& r) : m_previous(stats_registry::s_current) {
        stats_registry::s_current = &r;
    }
    ~installed_stats() { stats_registry::s_current = m_previous; }
    installed_stats(const installed_stats&) = delete;
    installed_stats& operator=(const installed_stats&) = delete;

private:
    stats_registry* m_previous;
};

} // namespace pimscope::core
