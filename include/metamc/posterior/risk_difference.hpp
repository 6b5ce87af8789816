// What a pooled risk or odds ratio means in absolute terms: the risk difference it implies at a
// typical control risk p0, the median of the studies' observed control-arm risks c_i / n2_i:
//
//   RR:  min(p0 RR, 1) - p0,        OR:  p0 OR / (1 - p0 + p0 OR) - p0
//
// (a risk ratio above 1 / p0 would take the treated risk past 1: it stops there). Both are
// non-decreasing in log RR or log OR, so the posterior median and central interval of the
// difference are those of mu carried through the map, and its predictive interval for a new
// trial that of theta_new (no draws needed; a mean would need them and is not reported).
#ifndef METAMC_POSTERIOR_RISK_DIFFERENCE_HPP
#define METAMC_POSTERIOR_RISK_DIFFERENCE_HPP

#include <optional>

#include "metamc/data/study.hpp"
#include "metamc/posterior/posterior_summary.hpp"

namespace metamc {

/// The risk difference at control risk p0 of the log ratio x (Measure::RR or Measure::OR).
double risk_difference(Measure measure, double p0, double x);

/// The median of c_i / n2_i over every study with counts, the tables the fits on log ratios
/// leave out included; none without counts.
std::optional<double> median_control_risk(const Group& group);

/// The risk difference of a Bayesian fit of a group of counts (RR or OR); none otherwise.
std::optional<RiskDifference> risk_difference_of(const Group& group, const BayesResult& bayes);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_RISK_DIFFERENCE_HPP
