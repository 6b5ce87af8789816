// A group's studies and priors, owned on the host, with the model's array view of them.
#ifndef METAMC_MODEL_GROUP_MODEL_HPP
#define METAMC_MODEL_GROUP_MODEL_HPP

#include <vector>

#include "metamc/data/study.hpp"
#include "models/normal_normal.hpp"
#include "models/normal_normal_noncentred.hpp"

namespace metamc {

class GroupModel {
 public:
  GroupModel(const Group& group, const TauPrior& tau_prior, const MuPrior& mu_prior);
  // data() points into this object's arrays: not copyable or movable.
  GroupModel(const GroupModel&) = delete;
  GroupModel& operator=(const GroupModel&) = delete;

  /// The view the model functions take; valid while this object lives.
  const NormalNormalData& data() const { return data_; }

  /// The same model in the non-centred form that gradient-based samplers move on.
  const NoncentredNormalModel& noncentred() const { return noncentred_; }

 private:
  std::vector<double> y_, s2_, precision_;
  NormalNormalData data_;
  NoncentredNormalModel noncentred_;
};

}  // namespace metamc

#endif  // METAMC_MODEL_GROUP_MODEL_HPP
