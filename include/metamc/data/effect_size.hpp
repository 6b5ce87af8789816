// Effect sizes on the analysis scale from what trials report.
//
// The formulas are those of metafor's escalc() and conv.wald() (Viechtbauer 2010, JSS 36(3)),
// so that the frequentist results can be checked against metafor.
#ifndef METAMC_DATA_EFFECT_SIZE_HPP
#define METAMC_DATA_EFFECT_SIZE_HPP

#include "metamc/data/measure.hpp"

namespace metamc {

/// An effect on the analysis scale (log for ratio measures) with its sampling variance.
struct EffectSize {
  double yi = 0;                      // estimate on the analysis scale
  double vi = 0;                      // sampling variance
  bool continuity_corrected = false;  // 0.5 was added to every cell of a 2x2 table
};

/// From an estimate and its confidence interval at `level` (a fraction, e.g. 0.95).
/// Ratio measures: yi = log(estimate), sei = (log upper - log lower) / (2 z), with
/// z = Phi^-1((1 + level) / 2) (metafor's conv.wald). Other measures use the values as given.
/// Preconditions, checked by the study reader: lower < upper, the estimate inside the interval,
/// all three > 0 for ratio measures, and 0 < level < 1.
EffectSize effect_from_interval(Measure measure, double estimate, double lower, double upper,
                                double level);

/// The four cells of a two-arm trial with a binary outcome.
struct TwoByTwo {
  long events_exp;  // ai: events in the experimental arm
  long total_exp;   // n1i: patients in the experimental arm
  long events_ctl;  // ci: events in the control arm
  long total_ctl;   // n2i: patients in the control arm
};

/// A table that carries no information about a ratio: no events in either arm, or events in
/// every patient of both arms (metafor's drop00).
bool is_uninformative(const TwoByTwo& t);

/// Log risk ratio or log odds ratio (measure RR or OR) with its large-sample variance. When any
/// cell is zero, 0.5 is added to all four cells (metafor's add = 1/2, to = "only0").
EffectSize effect_from_counts(Measure measure, const TwoByTwo& t);

}  // namespace metamc

#endif  // METAMC_DATA_EFFECT_SIZE_HPP
