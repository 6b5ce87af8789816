#include <cmath>

#include "metamc/math/distributions.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/reports/text_table.hpp"
#include "metamc/text.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

// Formats analysis-scale values on the scale readers know: exp() for ratio measures.
struct Scale {
  bool ratio;
  std::string effect(double x) const { return fixed(ratio ? std::exp(x) : x, 3); }
  std::string interval(const Interval& i) const {
    return "[" + effect(i.lower) + ", " + effect(i.upper) + "]";
  }
};

std::string p_value(double p) {
  if (p < 0.0001) return "<0.0001";
  return fixed(p, p < 0.001 ? 4 : 3);
}

std::string percent(int digits, double level) {
  return fixed(100 * level, digits) + "%";
}

std::string level_label(double level) {
  const double pct = 100 * level;
  return (pct == std::round(pct) ? fixed(pct, 0) : shortest_decimal(pct)) + "%";
}

void write_studies(std::ostream& out, const Group& g, const Scale& scale, double level) {
  const double z = normal_quantile(0.5 + level / 2);
  TextTable table;
  table.add_row(
      {"study", scale.ratio ? to_string(g.measure) : "effect", level_label(level) + " CI"});
  for (const Study& s : g.studies)
    table.add_row({s.label + (s.continuity_corrected ? " (+0.5)" : ""), scale.effect(s.yi),
                   scale.interval({s.yi - z * s.sei, s.yi + z * s.sei})});
  table.print(out, "  ");
}

void write_fits(std::ostream& out, const GroupResult& r, const Scale& scale, double level) {
  const std::string lv = level_label(level);
  TextTable table;
  table.add_row({"method", scale.ratio ? to_string(r.group.measure) : "effect", lv + " CI", "p",
                 "tau2", "tau2 " + lv + " CI", "I2", "Q (df) p", "HKSJ " + lv + " CI", lv + " PI"});
  for (const FrequentistFit* fit : {&r.dl, &r.reml, &r.pm}) {
    const bool single = fit->k < 2;
    table.add_row(
        {to_string(fit->method), scale.effect(fit->mu), scale.interval(fit->ci), p_value(fit->p),
         fixed(fit->tau2, 4),
         fit->tau2_ci
             ? "[" + fixed(fit->tau2_ci->lower, 4) + ", " + fixed(fit->tau2_ci->upper, 4) + "]"
             : "-",
         fit->I2 ? percent(1, *fit->I2 / 100) : "-",
         single ? "-"
                : fixed(fit->Q, 2) + " (" + std::to_string(fit->df) + ") " + p_value(*fit->Q_p),
         fit->hksj_ci ? scale.interval(*fit->hksj_ci) : "- (k = 1)",
         fit->pi ? scale.interval(*fit->pi) : "- (needs k >= 3)"});
  }
  table.print(out, "  ");
}

}  // namespace

void write_table(std::ostream& out, const AnalysisReport& report) {
  out << "metamc " << kVersion << ": random-effects meta-analysis of " << report.config.input
      << ", " << level_label(report.config.level) << " intervals\n";
  for (const GroupResult& r : report.groups) {
    const Group& g = r.group;
    const Scale scale{is_ratio(g.measure)};
    out << "\n"
        << describe(g.key) << ": " << to_string(g.measure) << ", k = " << g.k() << ", "
        << to_string(g.benefit) << " favours the experimental arm"
        << (scale.ratio ? " (ratios; analysed on the log scale)" : "") << "\n";
    write_studies(out, g, scale, report.config.level);
    out << "\n";
    write_fits(out, r, scale, report.config.level);
    for (const auto& note : g.notes) out << "  note: " << note << "\n";
  }
}

}  // namespace metamc
