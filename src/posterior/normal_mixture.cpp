#include "metamc/posterior/normal_mixture.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/math/distributions.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/math/root_find.hpp"

namespace metamc {

double NormalMixture::mean_value() const {
  double m = 0;
  for (std::size_t j = 0; j < weight.size(); ++j) m += weight[j] * mean[j];
  return m;
}

double NormalMixture::sd_value() const {
  const double m = mean_value();
  double v = 0;
  for (std::size_t j = 0; j < weight.size(); ++j)
    v += weight[j] * (sd[j] * sd[j] + (mean[j] - m) * (mean[j] - m));
  return std::sqrt(v);
}

double NormalMixture::cdf(double x) const {
  double f = 0;
  for (std::size_t j = 0; j < weight.size(); ++j)
    f += weight[j] * normal_cdf((x - mean[j]) / sd[j]);
  return f;
}

double NormalMixture::density(double x) const {
  const double inv_sqrt_2pi = 0.3989422804014327;
  double f = 0;
  for (std::size_t j = 0; j < weight.size(); ++j) {
    const double z = (x - mean[j]) / sd[j];
    f += weight[j] * inv_sqrt_2pi * std::exp(-0.5 * z * z) / sd[j];
  }
  return f;
}

double NormalMixture::favourable(Benefit benefit, double cut) const {
  double f = 0;
  for (std::size_t j = 0; j < weight.size(); ++j)
    f += weight[j] * favourable_side(benefit == Benefit::lower, mean[j], sd[j], cut);
  return f;
}

double NormalMixture::quantile(double p) const {
  // Bracket outward from the heaviest component, doubling: a bracket sized by the widest
  // component would make the root's tolerance far too coarse for heavy-tailed mixtures.
  const std::size_t heaviest =
      static_cast<std::size_t>(std::max_element(weight.begin(), weight.end()) - weight.begin());
  const double centre = mean[heaviest];
  double step = sd[heaviest];
  double lo = centre - step, hi = centre + step;
  while (cdf(lo) > p) lo = centre - (step *= 2);
  step = sd[heaviest];
  while (cdf(hi) < p) hi = centre + (step *= 2);
  const double scale = std::max({std::fabs(lo), std::fabs(hi), sd[heaviest]});
  return find_root([&](double x) { return cdf(x) - p; }, lo, hi, 1e-15 * scale);
}

ScalarSummary NormalMixture::summary(double level) const {
  ScalarSummary s;
  s.mean = mean_value();
  s.sd = sd_value();
  s.median = quantile(0.5);
  s.ci = {quantile((1 - level) / 2), quantile((1 + level) / 2)};
  return s;
}

}  // namespace metamc
