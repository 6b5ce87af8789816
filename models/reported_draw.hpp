// What a model reports of each draw to the samplers' sinks, whatever the sampler: the quantities
// every Bayesian fit summarises (the theta_i follow one by one), with the Rao-Blackwellised
// probabilities at the draw. Sinks know this and nothing of the model. Host/device code.
#ifndef METAMC_MODELS_REPORTED_DRAW_HPP
#define METAMC_MODELS_REPORTED_DRAW_HPP

namespace metamc {

/// Which probabilities a fit is asked for: the favourable side of 0 and of a threshold.
struct ProbabilityQuestion {
  bool lower_is_better = true;
  bool has_threshold = false;
  double threshold = 0;  // analysis scale
};

struct ReportedDraw {
  double mu, tau, log_tau, theta_new;
  // P(mu favourable | draw), P(theta_new favourable | draw), P(mu beyond the threshold | draw):
  // conditional on the draw's tau where the model has mu | tau in closed form, which estimates
  // the posterior probabilities with less noise than indicators (Rao-Blackwell).
  double p_benefit, p_pred_benefit, p_threshold;
};

/// One study's arm risks at a draw, for models of the counts themselves: the control arm's risk
/// p_ci and the absolute risk difference p_ti - p_ci.
struct ArmRisks {
  double control, difference;
};

}  // namespace metamc

#endif  // METAMC_MODELS_REPORTED_DRAW_HPP
