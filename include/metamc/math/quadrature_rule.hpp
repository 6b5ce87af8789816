// Gaussian quadrature rules from their three-term recurrences.
#ifndef METAMC_MATH_QUADRATURE_RULE_HPP
#define METAMC_MATH_QUADRATURE_RULE_HPP

#include <vector>

namespace metamc {

struct QuadratureRule {
  std::vector<double> nodes;  // increasing
  std::vector<double> weights;
};

/// The Gaussian rule of the orthonormal polynomials with zero diagonal recurrence coefficients
/// and off-diagonal ones `off_diagonal` (n - 1 of them for n nodes), for a weight function of
/// total mass `mass`, by the Golub-Welsch algorithm (Golub & Welsch 1969, Math. Comp. 23:221):
/// the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix, the weights `mass`
/// times the squared first components of its eigenvectors.
QuadratureRule golub_welsch(const std::vector<double>& off_diagonal, double mass);

}  // namespace metamc

#endif  // METAMC_MATH_QUADRATURE_RULE_HPP
