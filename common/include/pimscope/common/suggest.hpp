#pragma once
// "Did you mean": the closest of a set of known names to a mistyped one, for the error
// messages of option and key typos (the CLI, the parameter registry).
#include <cstddef>
#include <string>
#include <vector>

namespace pimscope {

// Levenshtein distance (insertions, deletions, substitutions each count 1).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The candidate nearest to `word`, or "" when none is close enough to be a plausible typo:
// at most 2 edits, or a quarter of the candidate's length for long names. Ties go to the
// first candidate, so callers pass candidates in a stable order.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

} // namespace pimscope
