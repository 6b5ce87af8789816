// Gauss-Hermite quadrature for expectations under the standard normal distribution.
#ifndef METAMC_MATH_GAUSS_HERMITE_HPP
#define METAMC_MATH_GAUSS_HERMITE_HPP

#include "metamc/math/quadrature_rule.hpp"

namespace metamc {

/// The n-point rule for E f(Z), Z ~ N(0, 1): sum_q weights[q] f(nodes[q]), exact for
/// polynomials of degree 2n - 1, weights summing to 1 (the probabilists' Hermite polynomials;
/// the physicists' nodes are these over sqrt(2)): Golub-Welsch with off-diagonal sqrt(k). lme4's
/// GHrule(n) is the same rule.
QuadratureRule gauss_hermite(int n);

}  // namespace metamc

#endif  // METAMC_MATH_GAUSS_HERMITE_HPP
