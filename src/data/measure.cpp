#include "metamc/data/measure.hpp"

#include <algorithm>
#include <cctype>

namespace metamc {
namespace {

std::string lower_case(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool is_ratio(Measure m) {
  return m == Measure::HR || m == Measure::RR || m == Measure::OR;
}

const char* to_string(Measure m) {
  switch (m) {
    case Measure::HR:
      return "HR";
    case Measure::RR:
      return "RR";
    case Measure::OR:
      return "OR";
    case Measure::MD:
      return "MD";
    case Measure::SMD:
      return "SMD";
    case Measure::GEN:
      return "GEN";
  }
  return "?";
}

const char* to_string(Benefit b) {
  return b == Benefit::lower ? "lower" : "higher";
}

std::optional<Measure> parse_measure(const std::string& text) {
  const std::string t = lower_case(text);
  for (Measure m : {Measure::HR, Measure::RR, Measure::OR, Measure::MD, Measure::SMD, Measure::GEN})
    if (t == lower_case(to_string(m))) return m;
  return std::nullopt;
}

std::optional<Benefit> parse_benefit(const std::string& text) {
  const std::string t = lower_case(text);
  if (t == "lower") return Benefit::lower;
  if (t == "higher") return Benefit::higher;
  return std::nullopt;
}

}  // namespace metamc
