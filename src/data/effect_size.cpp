#include "metamc/data/effect_size.hpp"

#include <cmath>

#include "metamc/math/distributions.hpp"

namespace metamc {

EffectSize effect_from_interval(Measure measure, double estimate, double lower, double upper,
                                double level) {
  const double z = normal_quantile(0.5 + level / 2);
  EffectSize e;
  if (is_ratio(measure)) {
    e.yi = std::log(estimate);
    const double sei = (std::log(upper) - std::log(lower)) / (2 * z);
    e.vi = sei * sei;
  } else {
    e.yi = estimate;
    const double sei = (upper - lower) / (2 * z);
    e.vi = sei * sei;
  }
  return e;
}

bool is_uninformative(const TwoByTwo& t) {
  const bool no_events = t.events_exp == 0 && t.events_ctl == 0;
  const bool all_events = t.events_exp == t.total_exp && t.events_ctl == t.total_ctl;
  return no_events || all_events;
}

EffectSize effect_from_counts(Measure measure, const TwoByTwo& t) {
  double ai = static_cast<double>(t.events_exp);
  double bi = static_cast<double>(t.total_exp - t.events_exp);
  double ci = static_cast<double>(t.events_ctl);
  double di = static_cast<double>(t.total_ctl - t.events_ctl);
  EffectSize e;
  if (ai == 0 || bi == 0 || ci == 0 || di == 0) {
    ai += 0.5;
    bi += 0.5;
    ci += 0.5;
    di += 0.5;
    e.continuity_corrected = true;
  }
  const double n1 = ai + bi;
  const double n2 = ci + di;
  if (measure == Measure::OR) {
    e.yi = std::log(ai * di / (bi * ci));
    e.vi = 1 / ai + 1 / bi + 1 / ci + 1 / di;
  } else {  // RR
    e.yi = std::log((ai / n1) / (ci / n2));
    e.vi = 1 / ai - 1 / n1 + 1 / ci - 1 / n2;
  }
  return e;
}

}  // namespace metamc
