// A group's studies and priors, owned on the host, with the models' array views of them: the
// normal-normal model on the effect sizes always (the collapsed sampler, the exact posterior, the
// summary plans and notes), and the binomial-normal model on the 2x2 counts when the group is
// fitted with it (its studies: those of the effect sizes, then the uninformative tables).
#ifndef METAMC_MODEL_GROUP_MODEL_HPP
#define METAMC_MODEL_GROUP_MODEL_HPP

#include <vector>

#include "metamc/data/study.hpp"
#include "models/binomial_normal.hpp"
#include "models/model_kind.hpp"
#include "models/normal_normal.hpp"
#include "models/normal_normal_noncentred.hpp"

namespace metamc {

class GroupModel {
 public:
  /// ModelKind::binomial needs the counts of every study (Study::counts).
  GroupModel(const Group& group, const TauPrior& tau_prior, const MuPrior& mu_prior,
             ModelKind kind = ModelKind::normal, const BaselinePrior& baseline = {});
  // data() points into this object's arrays: not copyable or movable.
  GroupModel(const GroupModel&) = delete;
  GroupModel& operator=(const GroupModel&) = delete;

  /// The view the model functions take; valid while this object lives.
  const NormalNormalData& data() const { return data_; }

  /// The same model in the non-centred form that gradient-based samplers move on.
  const NoncentredNormalModel& noncentred() const { return noncentred_; }

  ModelKind kind() const { return kind_; }

  /// The binomial-normal model (kind() == binomial; k = 0 otherwise).
  const BinomialNormalModel& binomial() const { return binomial_; }

 private:
  void build_binomial(const Group& group, const BaselinePrior& baseline);

  std::vector<double> y_, s2_, precision_;
  std::vector<double> events_treated_, size_treated_, events_control_, size_control_;
  NormalNormalData data_;
  NoncentredNormalModel noncentred_;
  ModelKind kind_;
  BinomialNormalModel binomial_;
};

}  // namespace metamc

#endif  // METAMC_MODEL_GROUP_MODEL_HPP
