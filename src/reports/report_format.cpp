#include "metamc/reports/report_format.hpp"

#include <cmath>
#include <cstdio>

#include "metamc/text.hpp"

namespace metamc {

std::string Scale::name() const {
  return ratio() ? to_string(measure) : "effect";
}

std::string Scale::effect(double x) const {
  return significant(ratio() ? std::exp(x) : x);
}

std::string Scale::interval(const Interval& i) const {
  return "[" + effect(i.lower) + ", " + effect(i.upper) + "]";
}

std::string Scale::beyond(std::optional<double> cut) const {
  const std::string sign = benefit == Benefit::lower ? " < " : " > ";
  const double value = cut ? (ratio() ? std::exp(*cut) : *cut) : (ratio() ? 1 : 0);
  return name() + sign + shortest_decimal(std::round(value * 1e6) / 1e6);
}

std::string p_value(double p) {
  if (p < 0.0001) return "<0.0001";
  return fixed(p, p < 0.001 ? 4 : 3);
}

std::string probability(double p) {
  // Three decimals would print 1.000 or 0.000, certainty that no posterior estimate has.
  if (p >= 0.9995) return ">0.999";
  if (p < 0.0005) return "<0.001";
  return fixed(p, 3);
}

std::string probability_after(double p) {
  const std::string shown = probability(p);
  return shown[0] == '>' || shown[0] == '<' ? std::string(" ") + shown[0] + " " + shown.substr(1)
                                            : " = " + shown;
}

std::string level_label(double level) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g%%", 100 * level);
  return buffer;
}

std::string interval_text(const Interval& i) {
  return "[" + significant(i.lower) + ", " + significant(i.upper) + "]";
}

std::string study_label(const Study& s, double level) {
  std::string label = s.label;
  if (s.continuity_corrected) label += " (+0.5)";
  if (s.interval_level > 0 && std::fabs(s.interval_level - level) > 1e-12)
    label += " (from " + level_label(s.interval_level) + " CI)";
  return label;
}

}  // namespace metamc
