#include "pimscope/core/stats.hpp"

#include <algorithm>
#include <stdexcept>

namespace pimscope::core {

const char* unit_of(stat_kind k) {
    switch (k) {
    case stat_kind::energy: return "J";
    case stat_kind::time: return "s";
    case stat_kind::count: break;
    }
    return "";
}

stats_group::stats_group(std::string path) : stats_group(std::move(path), stats_registry::current()) {}

stats_group::stats_group(std::string path, stats_registry& registry)
    : m_path(std::move(path)), m_registry(&registry) {
    m_registry->add(this);
}

stats_group::~stats_group() { m_registry->remove(this); }

stats_group::handle stats_group::add_stat(stat_info info) {
    for (const auto& s : m_stats)
        if (s.name == info.name)
            throw std::logic_error("statistic '" + info.name + "' declared twice in " + m_path);
    m_stats.push_back(std::move(info));
    if (m_stats.size() > std::size_t(inline_stats)) m_more.emplace_back();
    return handle(m_stats.size() - 1);
}

stats_group::handle stats_group::counter(std::string name, std::string unit, std::string description,
                                         std::string component) {
    return add_stat({std::move(name), stat_kind::count, std::move(unit), std::move(description),
                     std::move(component)});
}

stats_group::handle stats_group::energy(std::string name, std::string description, std::string component) {
    return add_stat({std::move(name), stat_kind::energy, "J", std::move(description), std::move(component)});
}

stats_group::handle stats_group::busy_time(std::string name, std::string description,
                                           std::string component) {
    return add_stat({std::move(name), stat_kind::time, "s", std::move(description), std::move(component)});
}

stats_group::handle stats_group::action(const std::string& name, const std::string& unit,
                                        const std::string& description, const std::string& component) {
    const handle h = counter(name, unit, description, component);
    energy(name + "_energy", "energy of the " + name, component);
    return h;
}

void stats_group::add_other_layer(handle h, per_stat& s, int layer, double amount) {
    if (s.layer == no_layer) {
        s.layer = layer;
        s.value = amount;
        return;
    }
    if (m_other_layers.size() <= std::size_t(h)) m_other_layers.resize(std::size_t(h) + 1);
    auto& more = m_other_layers[std::size_t(h)];
    for (auto& entry : more)
        if (entry.first == layer) {
            entry.second += amount;
            return;
        }
    more.emplace_back(layer, amount);
}

double stats_group::value(handle h, int layer) const {
    double found = 0;
    for_each_layer(h, [&](int l, double v) {
        if (l == layer) found = v;
    });
    return found;
}

double stats_group::total(handle h) const {
    double sum = 0;
    for_each_layer(h, [&](int, double v) { sum += v; });
    return sum;
}

std::vector<int> stats_group::layers() const {
    std::vector<int> out;
    for (std::size_t h = 0; h < m_stats.size(); ++h)
        for_each_layer(handle(h), [&](int l, double) { out.push_back(l); });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

stats_registry* stats_registry::s_current = nullptr;

stats_registry& stats_registry::current() {
    // Blocks built outside a run (unit tests) still have somewhere to register.
    static stats_registry fallback;
    return s_current ? *s_current : fallback;
}

void stats_registry::add(const stats_group* g) {
    g->m_slot = m_groups.size();
    m_groups.push_back(g);
}

void stats_registry::remove(const stats_group* g) {
    if (g->m_slot >= m_groups.size() || m_groups[g->m_slot] != g) return;
    m_groups[g->m_slot] = nullptr;
    ++m_holes;
    while (!m_groups.empty() && !m_groups.back()) {
        m_groups.pop_back();
        --m_holes;
    }
}

const std::vector<const stats_group*>& stats_registry::groups() const {
    if (m_holes > 0) {
        std::size_t n = 0;
        for (const auto* g : m_groups)
            if (g) {
                g->m_slot = n;
                m_groups[n++] = g;
            }
        m_groups.resize(n);
        m_holes = 0;
    }
    return m_groups;
}

double stats_registry::sum(stat_kind k, const std::string& component, int layer) const {
    double s = 0;
    for (const auto* g : groups())
        for (std::size_t i = 0; i < g->stats().size(); ++i) {
            const auto& info = g->stats()[i];
            if (info.kind != k || (!component.empty() && info.component != component)) continue;
            s += layer < 0 ? g->total(int(i)) : g->value(int(i), layer);
        }
    return s;
}

double stats_registry::sum_named(const std::string& name, int layer) const {
    double s = 0;
    for (const auto* g : groups())
        for (std::size_t i = 0; i < g->stats().size(); ++i)
            if (g->stats()[i].name == name) s += layer < 0 ? g->total(int(i)) : g->value(int(i), layer);
    return s;
}

} // namespace pimscope::core
