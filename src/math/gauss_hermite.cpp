#include "metamc/math/gauss_hermite.hpp"

#include <cmath>

namespace metamc {

QuadratureRule gauss_hermite(int n) {
  std::vector<double> off_diagonal;
  for (int k = 1; k < n; ++k) off_diagonal.push_back(std::sqrt(static_cast<double>(k)));
  return golub_welsch(off_diagonal, 1);
}

}  // namespace metamc
