// A mixture sum_j weight_j N(mean_j, sd_j^2) over the nodes of a tau quadrature
// (tau_quadrature.hpp): the exact posterior of any quantity that is normal given tau, with its
// moments in closed form and its quantiles by root-finding on the CDF.
#ifndef METAMC_POSTERIOR_NORMAL_MIXTURE_HPP
#define METAMC_POSTERIOR_NORMAL_MIXTURE_HPP

#include <vector>

#include "metamc/data/measure.hpp"
#include "metamc/posterior/posterior_summary.hpp"

namespace metamc {

struct NormalMixture {
  std::vector<double> weight, mean, sd;

  void add(double w, double m, double s) {
    weight.push_back(w);
    mean.push_back(m);
    sd.push_back(s);
  }
  double mean_value() const;
  double sd_value() const;
  double cdf(double x) const;
  double density(double x) const;
  /// P(on the favourable side of `cut`).
  double favourable(Benefit benefit, double cut) const;
  double quantile(double p) const;
  /// Mean, sd, median and central interval at `level`.
  ScalarSummary summary(double level) const;
};

}  // namespace metamc

#endif  // METAMC_POSTERIOR_NORMAL_MIXTURE_HPP
