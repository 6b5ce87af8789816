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

// The tau priors: name, parameters and which of them must be positive ("" = any value).
struct TauPriorForm {
  const char* name;
  TauPriorKind kind;
  const char* form;         // shown in messages
  const char* positive[2];  // per parameter: what must be > 0, or nullptr
  int parameters;
};

const TauPriorForm kTauPriorForms[] = {
    {"halfnormal", TauPriorKind::half_normal, "halfnormal(scale)", {"the scale", nullptr}, 1},
    {"halfcauchy", TauPriorKind::half_cauchy, "halfcauchy(scale)", {"the scale", nullptr}, 1},
    {"halft", TauPriorKind::half_t, "halft(df, scale)", {"the degrees of freedom", "the scale"}, 2},
    {"uniform", TauPriorKind::uniform, "uniform(lower, upper)", {nullptr, nullptr}, 2},
    {"exponential", TauPriorKind::exponential, "exponential(rate)", {"the rate", nullptr}, 1},
    {"lognormal",
     TauPriorKind::lognormal_tau2,
     "lognormal(mean, sd) of log tau^2",
     {nullptr, "the sd"},
     2},
    {"invgamma",
     TauPriorKind::inverse_gamma_tau2,
     "invgamma(shape, scale) of tau^2",
     {"the shape", "the scale"},
     2},
};

}  // namespace

TauPrior parse_tau_prior(const std::string& text) {
  const std::string option = "--tau-prior";
  const Call c = parse_call(text, option);
  for (const TauPriorForm& form : kTauPriorForms) {
    if (c.name != form.name) continue;
    expect_args(c, static_cast<std::size_t>(form.parameters), text, form.form, option);
    for (int i = 0; i < form.parameters; ++i)
      if (form.positive[i])
        expect_positive(c.args[static_cast<std::size_t>(i)], form.positive[i], text, option);
    if (form.kind == TauPriorKind::uniform && (c.args[0] < 0 || !(c.args[1] > c.args[0])))
      throw UsageError(option + " '" + text + "': needs 0 <= lower < upper");
    return make_tau_prior(form.kind, c.args[0], form.parameters > 1 ? c.args[1] : 0);
  }
  std::string forms;
  for (const TauPriorForm& form : kTauPriorForms)
    forms += (forms.empty() ? "" : ", ") + std::string(form.form);
  throw UsageError(option + " '" + text + "': unknown prior; use one of " + forms);
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
