#include "metamc/text.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace metamc {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split(const std::string& s, char delimiter) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto end = s.find(delimiter, start);
    parts.push_back(trim(s.substr(start, end - start)));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string shortest_decimal(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

std::string fixed(double x, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
  return buffer;
}

std::string counted(long long n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string significant(double x, int significant) {
  if (x == 0) return "0";
  if (!std::isfinite(x)) return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
  const double magnitude = std::fabs(x);
  char buffer[64];
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    std::snprintf(buffer, sizeof buffer, "%.*e", significant - 1, x);
    return buffer;
  }
  // Decimals for `significant` digits; rounding up to the next power of ten keeps the width.
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  return fixed(x, std::max(0, significant - 1 - exponent));
}

ParsedNumber parse_number(const std::string& text) {
  using Status = ParsedNumber::Status;
  // from_chars reads what strtod reads minus hexadecimal, leading blanks and a '+' sign.
  const std::size_t start = !text.empty() && text[0] == '+' ? 1 : 0;
  const char* first = text.data() + start;
  const char* last = text.data() + text.size();
  ParsedNumber parsed;
  if (first == last || *first == '+' || (*first == '-' && start == 1)) return parsed;
  double value = 0;
  const auto result = std::from_chars(first, last, value, std::chars_format::general);
  if (result.ptr != last || result.ec == std::errc::invalid_argument) return parsed;
  if (result.ec == std::errc::result_out_of_range) {
    errno = 0;
    value = std::strtod(std::string(first, last).c_str(), nullptr);
    parsed.status = std::fabs(value) >= 1 ? Status::overflow : Status::underflow;
    return parsed;
  }
  if (std::isnan(value)) {
    parsed.status = Status::nan;
  } else if (std::isinf(value)) {
    parsed.status = Status::infinite;
  } else {
    parsed.status = Status::ok;
    parsed.value = value;
  }
  return parsed;
}

std::string number_problem(ParsedNumber::Status status) {
  switch (status) {
    case ParsedNumber::Status::ok:
      return "";
    case ParsedNumber::Status::not_a_number:
      return "not a number";
    case ParsedNumber::Status::nan:
      return "NaN is not allowed";
    case ParsedNumber::Status::infinite:
      return "must be finite";
    case ParsedNumber::Status::overflow:
      return "too large for double precision (beyond 1.8e308)";
    case ParsedNumber::Status::underflow:
      return "too small for double precision (below 4.9e-324, it would be 0)";
  }
  return "not a number";
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates).
std::size_t utf8_sequence(const std::string& s, std::size_t i) {
  const auto byte = [&](std::size_t j) {
    return j < s.size() ? static_cast<unsigned char>(s[j]) : 0u;
  };
  const unsigned c = byte(i);
  const auto continuation = [&](std::size_t j, unsigned low = 0x80, unsigned high = 0xBF) {
    return byte(j) >= low && byte(j) <= high;
  };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
    return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::size_t invalid_utf8_at(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string::npos;
}

std::string valid_utf8(const std::string& s) {
  if (invalid_utf8_at(s) == std::string::npos) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace metamc
