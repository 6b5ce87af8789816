#include "metamc/model/group_model.hpp"

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
}

}  // namespace metamc
