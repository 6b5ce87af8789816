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

/// `significant` significant digits, trailing zeros kept: fixed-point for 1e-3 <= |x| < 1e5
/// ("0.649", "1.00", "12.1", "462"), scientific otherwise ("1.14e-04", "9.32e+09"); "0" for 0.
/// Keeps tables readable on every scale and bounds the width of a cell.
std::string significant(double x, int significant = 3);

/// A count with its noun, singular for 1: "1 chain", "64 chains" (regular plurals only).
std::string counted(long long n, const std::string& noun);

/// A decimal number as data or option values give it: optional sign, digits, optional fraction
/// and exponent. Hexadecimal, "inf", "nan" and surrounding text are not numbers.
struct ParsedNumber {
  enum class Status { ok, not_a_number, nan, infinite, overflow, underflow };
  Status status = Status::not_a_number;
  double value = 0;  // valid when ok (subnormal numbers included)
};
ParsedNumber parse_number(const std::string& text);

/// Why a ParsedNumber is not ok, as a message fragment ("not a number", "NaN is not allowed", ...).
std::string number_problem(ParsedNumber::Status status);

/// Control characters (a NUL, a tab, ...) written as \xNN, so that a message shows them.
std::string printable(const std::string& s);

/// Replaces every byte sequence that is not valid UTF-8 by U+FFFD, so that JSON stays valid.
std::string valid_utf8(const std::string& s);

/// Byte offset of the first invalid UTF-8 sequence, or std::string::npos.
std::size_t invalid_utf8_at(const std::string& s);

}  // namespace metamc

#endif  // METAMC_TEXT_HPP
