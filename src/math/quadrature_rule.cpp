#include "metamc/math/quadrature_rule.hpp"

#include <Eigen/Eigenvalues>

namespace metamc {

QuadratureRule golub_welsch(const std::vector<double>& off_diagonal, double mass) {
  const auto n = static_cast<Eigen::Index>(off_diagonal.size() + 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(Eigen::VectorXd::Zero(n),
                                Eigen::Map<const Eigen::VectorXd>(off_diagonal.data(), n - 1));
  QuadratureRule rule;
  for (Eigen::Index i = 0; i < n; ++i) {
    rule.nodes.push_back(solver.eigenvalues()[i]);
    const double first = solver.eigenvectors()(0, i);
    rule.weights.push_back(mass * first * first);
  }
  return rule;
}

}  // namespace metamc
