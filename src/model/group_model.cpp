#include "metamc/model/group_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "metamc/error.hpp"

namespace metamc {

GroupModel::GroupModel(const Group& group, const TauPrior& tau_prior, const MuPrior& mu_prior,
                       ModelKind kind, const BaselinePrior& baseline)
    : kind_(kind) {
  for (const Study& s : group.studies) {
    y_.push_back(s.yi);
    s2_.push_back(s.sei * s.sei);
  }
  data_.k = static_cast<int>(y_.size());
  data_.y = y_.data();
  data_.s2 = s2_.data();
  data_.tau_prior = tau_prior;
  data_.mu_prior = mu_prior;

  // Where the non-centred chains start: around the fixed-effect estimate, on the data's scale.
  double sum_w = 0, sum_wy = 0;
  for (std::size_t i = 0; i < y_.size(); ++i) {
    precision_.push_back(1 / s2_[i]);
    sum_w += precision_[i];
    sum_wy += precision_[i] * y_[i];
  }
  std::vector<double> sorted_s2 = s2_;
  std::nth_element(sorted_s2.begin(), sorted_s2.begin() + sorted_s2.size() / 2, sorted_s2.end());
  const auto [low, high] = std::minmax_element(y_.begin(), y_.end());
  noncentred_.k = data_.k;
  noncentred_.y = y_.data();
  noncentred_.precision = precision_.data();
  noncentred_.s2 = s2_.data();
  noncentred_.mu_prior = mu_prior;
  noncentred_.tau_prior = tau_prior;
  noncentred_.centre = sum_wy / sum_w;
  noncentred_.scale = std::max(std::sqrt(sorted_s2[sorted_s2.size() / 2]), *high - *low);
  if (kind == ModelKind::binomial) build_binomial(group, baseline);
}

void GroupModel::build_binomial(const Group& group, const BaselinePrior& baseline) {
  if (group.measure != Measure::OR && group.measure != Measure::RR)
    throw UsageError("group " + describe(group.key) +
                     ": the binomial model fits an odds ratio (OR) or a risk ratio (RR), not " +
                     to_string(group.measure));
  for (const std::vector<Study>* studies : {&group.studies, &group.uninformative})
    for (const Study& s : *studies) {
      if (!s.counts)
        throw UsageError(
            "group " + describe(group.key) +
            ": the binomial model needs the counts ai, n1i, ci, n2i of every study; '" + s.label +
            "' (line " + std::to_string(s.line) + ") has none");
      events_treated_.push_back(static_cast<double>(s.counts->events_exp));
      size_treated_.push_back(static_cast<double>(s.counts->total_exp));
      events_control_.push_back(static_cast<double>(s.counts->events_ctl));
      size_control_.push_back(static_cast<double>(s.counts->total_ctl));
    }
  binomial_.k = static_cast<int>(events_treated_.size());
  binomial_.events_treated = events_treated_.data();
  binomial_.size_treated = size_treated_.data();
  binomial_.events_control = events_control_.data();
  binomial_.size_control = size_control_.data();
  binomial_.risk_ratio = group.measure == Measure::RR;
  binomial_.mu_prior = noncentred_.mu_prior;
  binomial_.tau_prior = noncentred_.tau_prior;
  binomial_.baseline_prior = baseline;
  binomial_.centre = noncentred_.centre;
  binomial_.scale = noncentred_.scale;
}

}  // namespace metamc
