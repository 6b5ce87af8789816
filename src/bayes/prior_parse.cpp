#include "metamc/bayes/prior_parse.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "metamc/error.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

struct Call {
  std::string name;
  std::vector<double> args;
};

// Reads "name(x, y)" or a bare "name"; numbers must be finite.
Call parse_call(const std::string& text, const std::string& option) {
  const std::string t = trim(text);
  Call call;
  const auto open = t.find('(');
  if (open == std::string::npos) {
    call.name = t;
  } else {
    if (t.back() != ')') throw UsageError(option + " '" + text + "': missing ')' at the end");
    call.name = trim(t.substr(0, open));
    const std::string inner = t.substr(open + 1, t.size() - open - 2);
    if (!trim(inner).empty()) {
      for (const std::string& piece : split(inner, ',')) {
        char* end = nullptr;
        errno = 0;
        const double x = std::strtod(piece.c_str(), &end);
        if (piece.empty() || end != piece.c_str() + piece.size() || !std::isfinite(x) ||
            errno == ERANGE)
          throw UsageError(option + " '" + text + "': '" + piece + "' is not a finite number");
        call.args.push_back(x);
      }
    }
  }
  for (char& c : call.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return call;
}

void expect_args(const Call& call, std::size_t n, const std::string& text, const std::string& form,
                 const std::string& option) {
  if (call.args.size() != n) throw UsageError(option + " '" + text + "': expected " + form);
}

void expect_positive(double x, const std::string& what, const std::string& text,
                     const std::string& option) {
  if (!(x > 0)) throw UsageError(option + " '" + text + "': " + what + " must be > 0");
}

const char* const kTauPriors =
    "halfnormal(scale), halfcauchy(scale), halft(df, scale), uniform(lower, upper), "
    "exponential(rate), lognormal(mean, sd) of log tau^2, invgamma(shape, scale) of tau^2";

}  // namespace

TauPrior parse_tau_prior(const std::string& text) {
  const std::string option = "--tau-prior";
  const Call c = parse_call(text, option);
  if (c.name == "halfnormal") {
    expect_args(c, 1, text, "halfnormal(scale)", option);
    expect_positive(c.args[0], "the scale", text, option);
    return make_tau_prior(TauPriorKind::half_normal, c.args[0]);
  }
  if (c.name == "halfcauchy") {
    expect_args(c, 1, text, "halfcauchy(scale)", option);
    expect_positive(c.args[0], "the scale", text, option);
    return make_tau_prior(TauPriorKind::half_cauchy, c.args[0]);
  }
  if (c.name == "halft") {
    expect_args(c, 2, text, "halft(df, scale)", option);
    expect_positive(c.args[0], "the degrees of freedom", text, option);
    expect_positive(c.args[1], "the scale", text, option);
    return make_tau_prior(TauPriorKind::half_t, c.args[0], c.args[1]);
  }
  if (c.name == "uniform") {
    expect_args(c, 2, text, "uniform(lower, upper)", option);
    if (c.args[0] < 0 || !(c.args[1] > c.args[0]))
      throw UsageError(option + " '" + text + "': needs 0 <= lower < upper");
    return make_tau_prior(TauPriorKind::uniform, c.args[0], c.args[1]);
  }
  if (c.name == "exponential") {
    expect_args(c, 1, text, "exponential(rate)", option);
    expect_positive(c.args[0], "the rate", text, option);
    return make_tau_prior(TauPriorKind::exponential, c.args[0]);
  }
  if (c.name == "lognormal") {
    expect_args(c, 2, text, "lognormal(mean, sd) of log tau^2", option);
    expect_positive(c.args[1], "the sd", text, option);
    return make_tau_prior(TauPriorKind::lognormal_tau2, c.args[0], c.args[1]);
  }
  if (c.name == "invgamma") {
    expect_args(c, 2, text, "invgamma(shape, scale) of tau^2", option);
    expect_positive(c.args[0], "the shape", text, option);
    expect_positive(c.args[1], "the scale", text, option);
    return make_tau_prior(TauPriorKind::inverse_gamma_tau2, c.args[0], c.args[1]);
  }
  throw UsageError(option + " '" + text + "': unknown prior; use one of " + kTauPriors);
}

MuPrior parse_mu_prior(const std::string& text) {
  const std::string option = "--mu-prior";
  const Call c = parse_call(text, option);
  if (c.name == "flat") {
    expect_args(c, 0, text, "flat", option);
    return MuPrior{};
  }
  if (c.name == "normal") {
    expect_args(c, 2, text, "normal(mean, sd)", option);
    expect_positive(c.args[1], "the sd", text, option);
    return MuPrior{true, c.args[0], c.args[1]};
  }
  throw UsageError(option + " '" + text + "': unknown prior; use flat or normal(mean, sd)");
}

std::string to_string(const TauPrior& p) {
  const std::string a = shortest_decimal(p.a), b = shortest_decimal(p.b);
  switch (p.kind) {
    case TauPriorKind::half_normal:
      return "halfnormal(" + a + ")";
    case TauPriorKind::half_cauchy:
      return "halfcauchy(" + a + ")";
    case TauPriorKind::half_t:
      return "halft(" + a + ", " + b + ")";
    case TauPriorKind::uniform:
      return "uniform(" + a + ", " + b + ")";
    case TauPriorKind::exponential:
      return "exponential(" + a + ")";
    case TauPriorKind::lognormal_tau2:
      return "lognormal(" + a + ", " + b + ")";
    case TauPriorKind::inverse_gamma_tau2:
      return "invgamma(" + a + ", " + b + ")";
  }
  return "?";
}

std::string to_string(const MuPrior& p) {
  return p.normal ? "normal(" + shortest_decimal(p.mean) + ", " + shortest_decimal(p.sd) + ")"
                  : "flat";
}

}  // namespace metamc
