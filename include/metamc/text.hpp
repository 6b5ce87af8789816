// Small text helpers shared by the readers and the reports.
#ifndef METAMC_TEXT_HPP
#define METAMC_TEXT_HPP

#include <string>
#include <vector>

namespace metamc {

/// Removes leading and trailing blanks (spaces and tabs).
std::string trim(const std::string& s);

/// Splits on a delimiter, trimming each piece; "a, b" -> {"a", "b"}.
std::vector<std::string> split(const std::string& s, char delimiter);

/// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string csv_field(const std::string& s);

/// Shortest decimal text that reads back to the same double ("0.1", "1e-07").
std::string shortest_decimal(double x);

/// Fixed-point text with `digits` decimals.
std::string fixed(double x, int digits);

}  // namespace metamc

#endif  // METAMC_TEXT_HPP
