// The frequentist random-effects analysis of one group: pooled effect, heterogeneity statistics,
// Hartung-Knapp-Sidik-Jonkman interval and prediction interval, for one tau^2 estimator.
//
// Every quantity is computed as metafor's rma.uni() / confint() / predict() do for an
// intercept-only model, so that results agree with metafor to rounding.
#ifndef METAMC_FREQUENTIST_RANDOM_EFFECTS_HPP
#define METAMC_FREQUENTIST_RANDOM_EFFECTS_HPP

#include <optional>
#include <vector>

#include <Eigen/Core>

#include "metamc/frequentist/pooled_estimate.hpp"
#include "metamc/interval.hpp"

namespace metamc {

enum class Tau2Method { DL, REML, PM };

/// "DL", "REML", "PM".
const char* to_string(Tau2Method m);

struct FrequentistFit {
  Tau2Method method = Tau2Method::DL;
  int k = 0;
  double mu = 0;                    // pooled effect, weights 1 / (v_i + tau2)
  double se = 0;                    // its standard error, 1 / sqrt(sum w)
  Interval ci;                      // Wald interval mu +- z se
  double p = 1;                     // two-sided Wald p-value for mu = 0
  double tau2 = 0;                  // between-study variance (0 for k = 1)
  std::optional<Interval> tau2_ci;  // Q-profile interval; none for k = 1
  double Q = 0;                     // Cochran's Q (fixed-effect weights)
  int df = 0;                       // k - 1
  std::optional<double> Q_p;        // P(chi2(df) > Q); none for k = 1
  std::optional<double> I2;         // 100 tau2 / (vt + tau2), percent; none for k = 1
  std::optional<double> H2;         // tau2 / vt + 1; none for k = 1
  std::optional<Interval> hksj_ci;  // mu +- t(k-1) se_HK, unmodified; none for k = 1
  std::optional<Interval> pi;       // mu +- t(k-2) sqrt(tau2 + se^2); none for k < 3
  std::vector<double> weights;      // percent, 100 w_i / sum w with w_i = 1 / (v_i + tau2)
};

/// Fits the random-effects model to effects `y` with sampling variances `v` at interval `level`.
FrequentistFit fit_frequentist(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, Tau2Method method,
                               double level);

/// The intervals' critical values for k studies at one level (pooled_estimate.hpp).
CriticalValues critical_values(int k, double level);

/// fit_frequentist without the heterogeneity statistics (Q, I^2, H^2 and the Q-profile interval
/// stay empty): tau^2, the pooled effect with its Wald and HKSJ intervals and the prediction
/// interval, the critical values given. What a simulation study needs of each replicate.
FrequentistFit fit_pooled(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, Tau2Method method,
                          const CriticalValues& c);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_RANDOM_EFFECTS_HPP
