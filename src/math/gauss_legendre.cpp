#include "metamc/math/gauss_legendre.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace metamc {

QuadratureRule gauss_legendre(int n) {
  Eigen::VectorXd diagonal = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd off_diagonal(n > 1 ? n - 1 : 0);
  for (int k = 1; k < n; ++k) off_diagonal[k - 1] = k / std::sqrt(4.0 * k * k - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, off_diagonal);
  QuadratureRule rule;
  for (int i = 0; i < n; ++i) {
    rule.nodes.push_back(solver.eigenvalues()[i]);
    const double first = solver.eigenvectors()(0, i);
    rule.weights.push_back(2 * first * first);
  }
  return rule;
}

}  // namespace metamc
