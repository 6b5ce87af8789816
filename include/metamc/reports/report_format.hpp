// How the reports write numbers for people: the table, the plots and the HTML report share these,
// so that a plot shows the digits the table prints.
#ifndef METAMC_REPORTS_REPORT_FORMAT_HPP
#define METAMC_REPORTS_REPORT_FORMAT_HPP

#include <optional>
#include <string>

#include "metamc/data/measure.hpp"
#include "metamc/data/study.hpp"
#include "metamc/interval.hpp"

namespace metamc {

/// Formats analysis-scale values on the scale readers know: exp() for ratio measures.
struct Scale {
  Measure measure;
  Benefit benefit;
  bool ratio() const { return is_ratio(measure); }
  /// "HR", or "effect" for measures that are not ratios.
  std::string name() const;
  /// Three significant digits on the reported scale.
  std::string effect(double x) const;
  /// "[lower, upper]"
  std::string interval(const Interval& i) const;
  /// "HR < 1", "effect > 0", "HR < 0.8"
  std::string beyond(std::optional<double> cut = std::nullopt) const;
};

/// "<0.0001", "0.0004", "0.012", "0.456"
std::string p_value(double p);
/// Three decimals; ">0.999" and "<0.001" where they would round to 1 or 0.
std::string probability(double p);
/// " = 0.512", " > 0.999", " < 0.001": a probability after its event in running text.
std::string probability_after(double p);
/// "95%", "98.5%"
std::string level_label(double level);
/// "[lower, upper]" of values as they are (tau^2), three significant digits.
std::string interval_text(const Interval& i);
/// "IMROZ (from 98.5% CI)": the interval shown is at the run's level, not the one the trial
/// reported; "(+0.5)": a continuity correction.
std::string study_label(const Study& s, double level);

}  // namespace metamc

#endif  // METAMC_REPORTS_REPORT_FORMAT_HPP
