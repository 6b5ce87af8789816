#include "metamc/model/group_model.hpp"

#include <algorithm>
#include <cmath>

namespace metamc {

GroupModel::GroupModel(const Group& group, const TauPrior& tau_prior, const MuPrior& mu_prior) {
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
}

}  // namespace metamc
