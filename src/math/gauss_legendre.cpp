#include "metamc/math/gauss_legendre.hpp"

#include <cmath>

namespace metamc {

QuadratureRule gauss_legendre(int n) {
  std::vector<double> off_diagonal;
  for (int k = 1; k < n; ++k) off_diagonal.push_back(k / std::sqrt(4.0 * k * k - 1));
  return golub_welsch(off_diagonal, 2);
}

}  // namespace metamc
