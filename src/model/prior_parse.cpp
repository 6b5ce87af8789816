#include "metamc/model/prior_parse.hpp"

#include <cctype>
#include <cmath>
#include <vector>

#include "metamc/error.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// Scales beyond these put tau^2 or 1/sd^2 outside what double precision holds in the model's
// sums; a prior that narrow or that wide is better written as its limit (see README).
constexpr double kMinScale = 1e-100, kMaxScale = 1e100;
constexpr double kMaxLogTau2 = 460;  // |log tau^2| <= 460: tau^2 within 1e-200 .. 1e200

struct Call {
  std::string subject;  // "tau", "tau^2", "log(tau^2)" or "mu" before a '~'; "" when absent
  std::string name;
  std::vector<double> args;
};

std::string lower_case(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string without_blanks(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

// Reads "[subject ~] name(x, y)" or a bare "name"; the numbers must be finite decimals.
Call parse_call(const std::string& text, const std::string& option) {
  std::string t = trim(text);
  Call call;
  const auto tilde = t.find('~');
  if (tilde != std::string::npos) {
    call.subject = lower_case(without_blanks(t.substr(0, tilde)));
    t = trim(t.substr(tilde + 1));
  }
  const auto open = t.find('(');
  if (open == std::string::npos) {
    call.name = lower_case(t);
    return call;
  }
  const auto close = t.find(')', open);
  if (close == std::string::npos)
    throw UsageError(option + " '" + text + "': missing ')' at the end");
  if (close + 1 != t.size())
    throw UsageError(option + " '" + text + "': unexpected '" + t.substr(close + 1) +
                     "' after ')'");
  call.name = lower_case(trim(t.substr(0, open)));
  const std::string inner = t.substr(open + 1, close - open - 1);
  if (trim(inner).empty()) return call;
  for (const std::string& piece : split(inner, ',')) {
    const ParsedNumber x = parse_number(piece);
    if (x.status != ParsedNumber::Status::ok)
      throw UsageError(option + " '" + text + "': '" + piece + "' is not a finite number");
    call.args.push_back(x.value);
  }
  return call;
}

[[noreturn]] void refuse(const std::string& option, const std::string& text,
                         const std::string& why) {
  throw UsageError(option + " '" + text + "': " + why);
}

void expect_args(const Call& call, std::size_t n, const std::string& text, const std::string& form,
                 const std::string& option) {
  if (call.args.size() != n) refuse(option, text, "expected " + form);
}

// A positive parameter within [kMinScale, kMaxScale].
void expect_scale(double x, const std::string& what, const std::string& text,
                  const std::string& option) {
  if (!(x > 0)) refuse(option, text, what + " must be > 0");
  if (x < kMinScale || x > kMaxScale)
    refuse(option, text,
           what +
               " must lie between 1e-100 and 1e100 (for a prior narrower than that, use the "
               "limit it stands for)");
}

// The tau priors: how they are written on the command line and in reports, and which of their
// parameters are scales (positive, bounded).
struct TauPriorForm {
  const char* name;  // option name: halfnormal(0.5)
  TauPriorKind kind;
  const char* subject;   // what the distribution is of: tau, tau^2 or log(tau^2)
  const char* written;   // the distribution's name after '~' in reports
  const char* form;      // shown in messages
  const char* scale[2];  // per parameter: a scale's name, or nullptr
  int parameters;
};

// One prior a row.
// clang-format off
const TauPriorForm kTauPriorForms[] = {
  {"halfnormal", TauPriorKind::half_normal, "tau", "halfnormal", "halfnormal(scale)",
   {"the scale", nullptr}, 1},
  {"halfcauchy", TauPriorKind::half_cauchy, "tau", "halfcauchy", "halfcauchy(scale)",
   {"the scale", nullptr}, 1},
  {"halft", TauPriorKind::half_t, "tau", "halft", "halft(df, scale)",
   {"the degrees of freedom", "the scale"}, 2},
  {"uniform", TauPriorKind::uniform, "tau", "uniform", "uniform(lower, upper)",
   {nullptr, nullptr}, 2},
  {"exponential", TauPriorKind::exponential, "tau", "exponential", "exponential(rate)",
   {"the rate", nullptr}, 1},
  {"lognormal", TauPriorKind::lognormal_tau2, "log(tau^2)", "normal",
   "lognormal(mean, sd), i.e. log(tau^2) ~ normal(mean, sd)", {nullptr, nullptr}, 2},
  {"invgamma", TauPriorKind::inverse_gamma_tau2, "tau^2", "invgamma",
   "invgamma(shape, scale) of tau^2", {"the shape", "the scale"}, 2},
};
// clang-format on

// The form a call names: "halfnormal(0.5)", "tau ~ halfnormal(0.5)", "tau^2 ~ lognormal(m, s)",
// "log(tau^2) ~ normal(m, s)", ...
const TauPriorForm* find_form(const Call& c) {
  for (const TauPriorForm& form : kTauPriorForms) {
    const bool by_name = c.name == form.name;
    if (c.subject.empty() && by_name) return &form;
    if (c.subject == form.subject && (by_name || c.name == form.written)) return &form;
    // tau^2 ~ lognormal(m, s) says the same as log(tau^2) ~ normal(m, s)
    if (c.subject == "tau^2" && by_name && form.kind == TauPriorKind::lognormal_tau2) return &form;
  }
  return nullptr;
}

void check_parameters(const TauPriorForm& form, const Call& c, const std::string& text,
                      const std::string& option) {
  for (int i = 0; i < form.parameters; ++i)
    if (form.scale[i])
      expect_scale(c.args[static_cast<std::size_t>(i)], form.scale[i], text, option);
  if (form.kind == TauPriorKind::uniform &&
      (c.args[0] < 0 || !(c.args[1] > c.args[0]) || c.args[1] > kMaxScale || c.args[1] < kMinScale))
    refuse(option, text, "needs 0 <= lower < upper, with upper between 1e-100 and 1e100");
  if (form.kind == TauPriorKind::lognormal_tau2) {
    if (!(c.args[1] > 0)) refuse(option, text, "the sd must be > 0");
    if (std::abs(c.args[0]) > kMaxLogTau2 || c.args[1] > 100)
      refuse(option, text, "needs |mean| <= 460 and sd <= 100 (on the scale of log tau^2)");
  }
}

}  // namespace

TauPrior parse_tau_prior(const std::string& text) {
  const std::string option = "--tau-prior";
  const Call c = parse_call(text, option);
  const TauPriorForm* form = find_form(c);
  if (!form) {
    std::string forms;
    for (const TauPriorForm& f : kTauPriorForms)
      forms += (forms.empty() ? "" : ", ") + std::string(f.form);
    refuse(option, text, "unknown prior; use one of " + forms);
  }
  expect_args(c, static_cast<std::size_t>(form->parameters), text, form->form, option);
  check_parameters(*form, c, text, option);
  return make_tau_prior(form->kind, c.args[0], form->parameters > 1 ? c.args[1] : 0);
}

namespace {

// flat | normal(mean, sd) of `subject`, given as `option`.
MuPrior parse_flat_or_normal(const std::string& text, const std::string& option,
                             const std::string& subject, const std::string& description) {
  const Call c = parse_call(text, option);
  if (!c.subject.empty() && c.subject != subject)
    refuse(option, text, "a prior of '" + c.subject + "' is not a prior of " + description);
  if (c.name == "flat") {
    expect_args(c, 0, text, "flat", option);
    return MuPrior{};
  }
  if (c.name == "normal") {
    expect_args(c, 2, text, "normal(mean, sd)", option);
    expect_scale(c.args[1], "the sd", text, option);
    if (std::abs(c.args[0]) > kMaxScale) refuse(option, text, "the mean must lie within +-1e100");
    return MuPrior{true, c.args[0], c.args[1]};
  }
  refuse(option, text, "unknown prior; use flat or normal(mean, sd)");
}

std::string flat_or_normal(const MuPrior& p, const std::string& subject) {
  return subject +
         (p.normal ? " ~ normal(" + shortest_decimal(p.mean) + ", " + shortest_decimal(p.sd) + ")"
                   : " ~ flat");
}

}  // namespace

MuPrior parse_mu_prior(const std::string& text) {
  return parse_flat_or_normal(text, "--mu-prior", "mu", "mu");
}

MuPrior parse_beta_prior(const std::string& text) {
  return parse_flat_or_normal(text, "--beta-prior", "beta",
                              "the meta-regression's coefficients beta");
}

BaselinePrior parse_baseline_prior(const std::string& text) {
  const std::string option = "--baseline-prior";
  const Call c = parse_call(text, option);
  if (!c.subject.empty() && c.subject != "alpha")
    refuse(option, text, "a prior of '" + c.subject + "' is not a prior of the baselines alpha");
  if (c.name != "normal") refuse(option, text, "unknown prior; use normal(mean, sd)");
  expect_args(c, 2, text, "normal(mean, sd)", option);
  expect_scale(c.args[1], "the sd", text, option);
  if (std::abs(c.args[0]) > kMaxScale) refuse(option, text, "the mean must lie within +-1e100");
  return BaselinePrior{c.args[0], c.args[1]};
}

std::string to_string(const TauPrior& p) {
  for (const TauPriorForm& form : kTauPriorForms) {
    if (form.kind != p.kind) continue;
    std::string args = shortest_decimal(p.a);
    if (form.parameters > 1) args += ", " + shortest_decimal(p.b);
    return std::string(form.subject) + " ~ " + form.written + "(" + args + ")";
  }
  return "?";
}

std::string to_string(const BaselinePrior& p) {
  return "alpha ~ normal(" + shortest_decimal(p.mean) + ", " + shortest_decimal(p.sd) + ")";
}

std::string to_string(const MuPrior& p) {
  return flat_or_normal(p, "mu");
}

std::string beta_prior_to_string(const MuPrior& p) {
  return flat_or_normal(p, "beta");
}

}  // namespace metamc
