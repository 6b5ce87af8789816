#include <cmath>
#include <limits>

#include "models/priors.hpp"

namespace metamc {
namespace {
constexpr double kPi = 3.141592653589793;
}  // namespace

TauPrior make_tau_prior(TauPriorKind kind, double a, double b) {
  const double log2 = std::log(2.0), log_2pi = std::log(2 * kPi);
  TauPrior p{kind, a, b, 0};
  switch (kind) {
    case TauPriorKind::half_normal:
      p.log_norm = log2 - std::log(a) - 0.5 * log_2pi;
      break;
    case TauPriorKind::half_cauchy:
      p.log_norm = log2 - std::log(kPi * a);
      break;
    case TauPriorKind::half_t:
      p.log_norm = log2 + std::lgamma((a + 1) / 2) - std::lgamma(a / 2) - 0.5 * std::log(a * kPi) -
                   std::log(b);
      break;
    case TauPriorKind::uniform:
      p.log_norm = -std::log(b - a);
      break;
    case TauPriorKind::exponential:
      p.log_norm = std::log(a);
      break;
    case TauPriorKind::lognormal_tau2:
      p.log_norm = log2 - std::log(b) - 0.5 * log_2pi;
      break;
    case TauPriorKind::inverse_gamma_tau2:
      p.log_norm = log2 + a * std::log(b) - std::lgamma(a);
      break;
  }
  return p;
}

double tau_prior_tail_exponent(const TauPrior& p) {
  switch (p.kind) {
    case TauPriorKind::half_cauchy:
      return 2;
    case TauPriorKind::half_t:
      return p.a + 1;
    case TauPriorKind::inverse_gamma_tau2:
      return 2 * p.a + 1;
    default:
      return std::numeric_limits<double>::infinity();
  }
}

}  // namespace metamc
