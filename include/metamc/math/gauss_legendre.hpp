// Gauss-Legendre quadrature rules.
#ifndef METAMC_MATH_GAUSS_LEGENDRE_HPP
#define METAMC_MATH_GAUSS_LEGENDRE_HPP

#include "metamc/math/quadrature_rule.hpp"

namespace metamc {

/// The n-point Gauss-Legendre rule on [-1, 1] (weights summing to 2), exact for polynomials of
/// degree 2n - 1: Golub-Welsch with off-diagonal k / sqrt(4k^2 - 1).
QuadratureRule gauss_legendre(int n);

}  // namespace metamc

#endif  // METAMC_MATH_GAUSS_LEGENDRE_HPP
