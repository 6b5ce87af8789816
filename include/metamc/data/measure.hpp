// Effect measures and the direction of benefit.
#ifndef METAMC_DATA_MEASURE_HPP
#define METAMC_DATA_MEASURE_HPP

#include <optional>
#include <string>

namespace metamc {

/// The effect measure of a study row (names as in metafor's escalc()).
enum class Measure { HR, RR, OR, MD, SMD, GEN };

/// Which direction of the effect favours the experimental arm.
enum class Benefit { lower, higher };

/// Ratio measures are analysed on the log scale and reported exponentiated.
bool is_ratio(Measure m);

/// Upper-case name, e.g. "HR".
const char* to_string(Measure m);
const char* to_string(Benefit b);

/// Case-insensitive parse; std::nullopt for an unknown name.
std::optional<Measure> parse_measure(const std::string& text);
std::optional<Benefit> parse_benefit(const std::string& text);

}  // namespace metamc

#endif  // METAMC_DATA_MEASURE_HPP
