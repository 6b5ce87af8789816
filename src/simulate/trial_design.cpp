#include "metamc/simulate/trial_design.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/rng/binomial_variate.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {
StudyDesign normal_design(const std::vector<double>& se, Benefit benefit, Measure measure) {
  StudyDesign d;
  d.measure = measure;
  d.benefit = benefit;
  for (double s : se) d.trials.push_back(TrialDesign{s, 0, 0, 0});
  return d;
}

StudyDesign design_of(const Group& group) {
  if (!has_tables(group)) {
    std::vector<double> se;
    for (const Study& s : group.studies) se.push_back(s.sei);
    return normal_design(se, group.benefit, group.measure);
  }
  std::vector<const Study*> trials;
  for (const Study& s : group.studies) trials.push_back(&s);
  for (const Study& s : group.uninformative) trials.push_back(&s);
  StudyDesign d;
  d.measure = group.measure;
  d.benefit = group.benefit;
  d.counts = true;
  for (const Study* s : trials) {
    const TwoByTwo& t = *s->counts;
    const auto n = static_cast<double>(t.total_ctl);
    const double risk = t.events_ctl == 0             ? 0.5 / (n + 1)
                        : t.events_ctl == t.total_ctl ? (n + 0.5) / (n + 1)
                                                      : static_cast<double>(t.events_ctl) / n;
    d.trials.push_back(TrialDesign{s->sei, t.total_exp, t.total_ctl, risk});
  }
  return d;
}

void simulate_effects(const StudyDesign& design, const Scenario& s, const ReplicateStream& stream,
                      double* y) {
  for (int i = 0; i < design.k(); ++i)
    y[i] = draw_effect(stream, i, s.mu, s.tau, design.trials[static_cast<std::size_t>(i)].se);
}

std::vector<TwoByTwo> simulate_tables(const StudyDesign& design, const Scenario& s,
                                      const ReplicateStream& stream) {
  std::vector<TwoByTwo> tables;
  for (int i = 0; i < design.k(); ++i) {
    const TrialDesign& t = design.trials[static_cast<std::size_t>(i)];
    const auto slot = static_cast<std::uint32_t>(i);
    const double theta = s.mu + s.tau * normal_pair(replicate_words(stream, slot)).first;
    const double p_control = t.control_risk;
    double p_treated;
    if (design.measure == Measure::OR) {
      const double logit = std::log(p_control / (1 - p_control)) + theta;
      p_treated = 1 / (1 + std::exp(-logit));
    } else {
      p_treated = std::min(1.0, p_control * std::exp(theta));
    }
    const UniformPair u = uniform_pair(replicate_words(stream, kArmSlots + slot));
    tables.push_back(TwoByTwo{binomial_variate(t.treated, p_treated, u.first), t.treated,
                              binomial_variate(t.control, p_control, u.second), t.control});
  }
  return tables;
}

}  // namespace metamc
