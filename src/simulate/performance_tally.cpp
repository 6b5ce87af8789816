#include "metamc/simulate/performance_tally.hpp"

#include <cmath>

namespace metamc {

const char* to_string(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::DL:
      return "DL";
    case IntervalMethod::REML:
      return "REML";
    case IntervalMethod::PM:
      return "PM";
    case IntervalMethod::DL_HKSJ:
      return "DL-HKSJ";
    case IntervalMethod::REML_HKSJ:
      return "REML-HKSJ";
    case IntervalMethod::PM_HKSJ:
      return "PM-HKSJ";
    case IntervalMethod::Bayes:
      return "Bayes";
  }
  return "?";
}

std::optional<IntervalMethod> interval_method_named(const std::string& name) {
  for (int m = 0; m < kIntervalMethods; ++m)
    if (name == to_string(static_cast<IntervalMethod>(m))) return static_cast<IntervalMethod>(m);
  return std::nullopt;
}

void PerformanceTally::add(const ReplicateOutcome& o) {
  if (!o.fitted) return;
  ++fitted;
  covered += o.covered;
  width_sum.add(o.width);
  widths.add(o.width);
  if (o.has_pi) {
    ++with_pi;
    pi_sum.add(o.pi_coverage);
  }
  tau2_zero += o.tau2_zero;
  significant += o.significant;
  if (o.has_p_benefit) p_benefit_095 += o.p_benefit > 0.95;
  sampled += o.sampled;
  divergent += o.divergent;
}

void PerformanceTally::add(const PerformanceTally& other) {
  fitted += other.fitted;
  covered += other.covered;
  with_pi += other.with_pi;
  tau2_zero += other.tau2_zero;
  significant += other.significant;
  p_benefit_095 += other.p_benefit_095;
  sampled += other.sampled;
  divergent += other.divergent;
  width_sum.add(other.width_sum);
  pi_sum.add(other.pi_sum);
  widths.add(other.widths);
}

MethodPerformance PerformanceTally::performance(IntervalMethod method) const {
  MethodPerformance p;
  p.method = method;
  p.replicates = static_cast<int>(fitted);
  if (fitted == 0) return p;
  const auto n = static_cast<double>(fitted);
  p.coverage = static_cast<double>(covered) / n;
  p.coverage_mcse = std::sqrt(*p.coverage * (1 - *p.coverage) / n);
  p.width_mean = width_sum.value() / n;
  p.width_median = widths.median();
  if (with_pi == fitted) p.pi_coverage = pi_sum.value() / n;
  p.significant_rate = static_cast<double>(significant) / n;
  if (method == IntervalMethod::Bayes)
    p.p_benefit_095_rate = static_cast<double>(p_benefit_095) / n;
  else
    p.tau2_zero_share = static_cast<double>(tau2_zero) / n;
  if (sampled > 0)
    p.divergent_share = static_cast<double>(divergent) / static_cast<double>(sampled);
  return p;
}

}  // namespace metamc
