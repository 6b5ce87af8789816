// What a simulation study keeps of a group, its design, and the replicates it draws from it.
//
// A group of effect sizes keeps its trials' standard errors; a group of 2x2 tables (OR or RR, a
// table on every row) keeps each trial's arm sizes and observed control-arm risk. Replicate r of
// scenario (tau, mu) draws theta_i ~ N(mu, tau^2) and then either y_i ~ N(theta_i, se_i^2), or
// the events of each arm: control c_i ~ Bin(n_ci, p_ci), experimental a_i ~ Bin(n_ti, p_ti) with
// logit p_ti = logit p_ci + theta_i (OR) or p_ti = min(1, p_ci e^theta_i) (RR).
#ifndef METAMC_SIMULATE_TRIAL_DESIGN_HPP
#define METAMC_SIMULATE_TRIAL_DESIGN_HPP

#include <cstdint>
#include <vector>

#include "metamc/data/study.hpp"
#include "metamc/simulate/replicate_stream.hpp"

namespace metamc {

struct Scenario {
  double tau = 0, mu = 0;  // the truth, on the analysis scale
};

struct TrialDesign {
  double se = 0;                  // effect-size designs
  long treated = 0, control = 0;  // count designs: the arms' sizes
  double control_risk = 0;        // count designs: the observed risk, kept off 0 and 1
};

struct StudyDesign {
  Measure measure = Measure::GEN;
  Benefit benefit = Benefit::lower;
  bool counts = false;
  std::vector<TrialDesign> trials;

  int k() const { return static_cast<int>(trials.size()); }
};

/// A design of effect sizes with standard errors `se`.
StudyDesign normal_design(const std::vector<double>& se, Benefit benefit,
                          Measure measure = Measure::GEN);

/// A group's design: of counts when it has a 2x2 table on every row and a measure of OR or RR
/// (its tables with no events, which the log-ratio fits leave out, included: they are trials of
/// the design), else of its effect sizes. An arm's observed risk c / n is taken as
/// 0.5 / (n + 1) when c = 0 and (n + 0.5) / (n + 1) when c = n, so that no arm is certain.
StudyDesign design_of(const Group& group);

/// The effects y (k of them) of a replicate of an effect-size design.
void simulate_effects(const StudyDesign& design, const Scenario& s, const ReplicateStream& stream,
                      double* y);

/// The 2x2 tables of a replicate of a count design.
std::vector<TwoByTwo> simulate_tables(const StudyDesign& design, const Scenario& s,
                                      const ReplicateStream& stream);

}  // namespace metamc

#endif  // METAMC_SIMULATE_TRIAL_DESIGN_HPP
