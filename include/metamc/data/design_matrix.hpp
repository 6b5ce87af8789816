// The design matrix of a meta-regression (--mods): an intercept, then each moderator column as
// it is if every value in the group is a number, otherwise as a treatment-coded factor whose
// reference is its first level in order of appearance (one column "column=level" per other
// level), as metafor's rma(mods = ~ x + factor(f, levels = unique(f))) codes them.
#ifndef METAMC_DATA_DESIGN_MATRIX_HPP
#define METAMC_DATA_DESIGN_MATRIX_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "metamc/data/study.hpp"

namespace metamc {

struct Design {
  Eigen::MatrixXd X;                 // one row per study used, the intercept first
  Eigen::VectorXd y, v;              // the studies' effects and sampling variances
  std::vector<std::string> names;    // "intrcpt", numeric columns by name, "column=level"
  std::vector<std::size_t> used;     // the rows' studies, indices into Group::studies
  std::vector<std::string> dropped;  // studies left out for a missing moderator, as metafor does
};

/// Whether the fit needs residual degrees of freedom: --mods asks for them (its frequentist fits
/// estimate tau^2 from them); a Bayesian fit with a study per coefficient can do without, tau
/// then resting on its prior (the tests' designs of the paper's subgroups).
enum class Residuals { required, optional };

/// The design of `group` on its studies' moderator values (Study::moderators, one per column
/// of `columns`). Throws DataError naming the group and the column for a factor with one level
/// and for a design with more coefficients than studies (as many, with residuals required).
Design design_matrix(const Group& group, const std::vector<std::string>& columns,
                     Residuals residuals = Residuals::required);

}  // namespace metamc

#endif  // METAMC_DATA_DESIGN_MATRIX_HPP
