// Gauss-Legendre quadrature rules.
#ifndef METAMC_MATH_GAUSS_LEGENDRE_HPP
#define METAMC_MATH_GAUSS_LEGENDRE_HPP

#include <vector>

namespace metamc {

struct QuadratureRule {
  std::vector<double> nodes;    // on [-1, 1], increasing
  std::vector<double> weights;  // summing to 2
};

/// The n-point Gauss-Legendre rule, exact for polynomials of degree 2n - 1, by the Golub-Welsch
/// algorithm (Golub & Welsch 1969, Math. Comp. 23:221): the nodes are the eigenvalues of the
/// symmetric tridiagonal Jacobi matrix with off-diagonal k / sqrt(4k^2 - 1), the weights twice the
/// squared first components of its eigenvectors.
QuadratureRule gauss_legendre(int n);

}  // namespace metamc

#endif  // METAMC_MATH_GAUSS_LEGENDRE_HPP
