#include "metamc/posterior/risk_difference.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace metamc {

double risk_difference(Measure measure, double p0, double x) {
  const double ratio = std::exp(x);
  if (measure == Measure::RR) return std::min(p0 * ratio, 1.0) - p0;
  return p0 * ratio / (1 - p0 + p0 * ratio) - p0;
}

std::optional<double> median_control_risk(const Group& group) {
  std::vector<double> risks;
  for (const std::vector<Study>* studies : {&group.studies, &group.uninformative})
    for (const Study& s : *studies) {
      if (!s.counts) return std::nullopt;
      risks.push_back(static_cast<double>(s.counts->events_ctl) /
                      static_cast<double>(s.counts->total_ctl));
    }
  if (risks.empty()) return std::nullopt;
  std::sort(risks.begin(), risks.end());
  const std::size_t n = risks.size();
  return n % 2 == 1 ? risks[n / 2] : 0.5 * (risks[n / 2 - 1] + risks[n / 2]);
}

std::optional<RiskDifference> risk_difference_of(const Group& group, const BayesResult& bayes) {
  if (group.measure != Measure::RR && group.measure != Measure::OR) return std::nullopt;
  const std::optional<double> p0 = median_control_risk(group);
  if (!p0) return std::nullopt;
  const auto at = [&](double x) { return risk_difference(group.measure, *p0, x); };
  RiskDifference d;
  d.control_risk = *p0;
  d.median = at(bayes.mu.median);
  d.ci = {at(bayes.mu.ci.lower), at(bayes.mu.ci.upper)};
  d.pred_median = at(bayes.pred_median);
  d.pred_interval = {at(bayes.pred_interval.lower), at(bayes.pred_interval.upper)};
  return d;
}

}  // namespace metamc
