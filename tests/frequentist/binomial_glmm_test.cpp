// The binomial GLMM companion against metafor 3.8-1's rma.glmm(measure = "OR", model = "UM.FS")
// and lme4 1.1-31 (tests/reference/glmm_reference.R into tests/fixtures/glmm_reference.csv): the
// six 2x2 fixtures (k = 3 to 33, zero cells, a table with no events in either arm) and the eight
// isatuximab count outcomes (k = 2), all as odds ratios.
#include "metamc/frequentist/binomial_glmm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>

#include "metamc/data/csv_table.hpp"
#include "metamc/error.hpp"
#include "metamc/math/distributions.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

// One case of the reference file: where its tables are, and metafor's values per
// "nagq control quantity" ("7 tight mu", "7 default warning", ...).
struct Reference {
  std::string file, group;
  std::map<std::string, std::string> values;
  double number(const std::string& key) const { return std::stod(values.at(key)); }
};

std::map<std::string, Reference> references() {
  const CsvTable table = read_csv(testing::fixture_path("glmm_reference.csv"));
  const auto column = [&](const char* name) { return table.column(name).value(); };
  const std::size_t name = column("case"), file = column("file"), group = column("group"),
                    nagq = column("nagq"), control = column("control"),
                    quantity = column("quantity"), value = column("value");
  std::map<std::string, Reference> out;
  for (const auto& row : table.rows) {
    Reference& r = out[row.fields[name]];
    r.file = row.fields[file];
    r.group = row.fields[group];
    r.values[row.fields[nagq] + " " + row.fields[control] + " " + row.fields[quantity]] =
        row.fields[value];
  }
  return out;
}

// The tables a case fits: every informative table of its group (Group::studies; the
// uninformative ones are left out, as metafor's drop00 does).
std::vector<TwoByTwo> tables_of(const Reference& r) {
  Group group;
  if (r.group.empty()) {
    group = testing::load_group(testing::source_dir() + "/" + r.file, "", "all studies");
  } else {
    const std::size_t comma = r.group.find(",outcome=");
    group = testing::isatuximab(r.group.substr(8, comma - 8), r.group.substr(comma + 9));
  }
  std::vector<TwoByTwo> tables;
  for (const Study& s : group.studies) tables.push_back(s.counts.value());
  return tables;
}

// |a - b| relative to |b|, or absolute where b is below `floor` (a tau^2 at the boundary, an
// estimate near 0).
double difference(double a, double b, double floor) {
  return std::fabs(a - b) / std::max(std::fabs(b), floor);
}

// glmer reports its log-likelihood relative to the saturated model (its deviance is the sum of
// the binomial deviance residuals); GlmmFit::log_likelihood is the full one.
double saturated_log_likelihood(const std::vector<TwoByTwo>& tables) {
  const auto arm = [](long events, long total) {
    const double x = static_cast<double>(events), n = static_cast<double>(total);
    return std::lgamma(n + 1) - std::lgamma(x + 1) - std::lgamma(n - x + 1) +
           (x > 0 ? x * std::log(x / n) : 0) + (x < n ? (n - x) * std::log1p(-x / n) : 0);
  };
  double sum = 0;
  for (const TwoByTwo& t : tables)
    sum += arm(t.events_exp, t.total_exp) + arm(t.events_ctl, t.total_ctl);
  return sum;
}

// Against metafor with lme4's optimizer tightened, at metafor's default 7 nodes and at 21: mu,
// tau^2 and the interval to 1e-4 relative (absolute below 0.01, where mu or tau^2 is near 0), the
// standard error to 1e-4 (lme4's comes from a finite-difference Hessian, deriv12 with step 1e-4,
// and moves by up to 6e-5 between its own 7- and 21-node fits, where metamc's analytic one moves
// by 1e-6), the p-value on the z scale, and the maximised log-likelihood to 1e-8, never below
// lme4's.
TEST(BinomialGlmm, EqualsMetaforUmFsOnFourteenDatasets) {
  const std::map<std::string, Reference> cases = references();
  ASSERT_EQ(cases.size(), 14u);
  for (const auto& [name, ref] : cases) {
    SCOPED_TRACE(name);
    const std::vector<TwoByTwo> tables = tables_of(ref);
    for (int nodes : {7, 21}) {
      SCOPED_TRACE(nodes);
      const std::string key = std::to_string(nodes) + " tight ";
      const GlmmFit fit = fit_binomial_glmm(tables, 0.95, nodes);
      EXPECT_EQ(fit.k, static_cast<int>(ref.number(key + "k")));
      EXPECT_EQ(fit.nodes, nodes);
      EXPECT_LT(difference(fit.mu, ref.number(key + "mu"), 1e-2), 1e-4) << fit.mu;
      EXPECT_LT(difference(fit.se, ref.number(key + "se"), 0), 1e-4) << fit.se;
      EXPECT_LT(difference(fit.tau2, ref.number(key + "tau2"), 1e-2), 1e-4) << fit.tau2;
      EXPECT_LT(difference(fit.ci.lower, ref.number(key + "ci_lb"), 1e-2), 1e-4);
      EXPECT_LT(difference(fit.ci.upper, ref.number(key + "ci_ub"), 1e-2), 1e-4);
      const double z = normal_quantile(fit.p / 2);
      EXPECT_LT(difference(z, normal_quantile(ref.number(key + "pval") / 2), 0), 1e-4) << fit.p;
      const double log_likelihood = fit.log_likelihood - saturated_log_likelihood(tables);
      EXPECT_NEAR(log_likelihood, ref.number(key + "loglik"), 1e-8);
      EXPECT_GE(log_likelihood, ref.number(key + "loglik") - 1e-10);
    }
  }
}

// Where lme4's default Nelder-Mead stage stops short (it warns on Li 2007 and Niel-Weise 2007),
// metamc's maximum is higher than the likelihood profiled over the study effects at metafor's
// default estimate, and metafor's default mu is off by more than 1e-4 relative.
TEST(BinomialGlmm, MaximumIsAboveWhereLme4sDefaultOptimizerStops) {
  int stopped_short = 0;
  for (const auto& [name, ref] : references()) {
    if (ref.values.at("7 default warning").empty()) continue;
    SCOPED_TRACE(name);
    ++stopped_short;
    const std::vector<TwoByTwo> tables = tables_of(ref);
    const GlmmFit fit = fit_binomial_glmm(tables, 0.95);
    const double mu = ref.number("7 default mu"), tau = std::sqrt(ref.number("7 default tau2"));
    const double profile = glmm_profile_log_likelihood(tables, mu, tau);
    EXPECT_GT(fit.log_likelihood - profile, 1e-7);
    EXPECT_GT(difference(mu, fit.mu, 1e-2), 1e-4);
    // The profile is the fit's own likelihood: equal at the fit's estimate.
    EXPECT_NEAR(glmm_profile_log_likelihood(tables, fit.mu, std::sqrt(fit.tau2)),
                fit.log_likelihood, 1e-9);
  }
  EXPECT_EQ(stopped_short, 2);
}

TEST(BinomialGlmm, LogLikelihoodAtTauZeroIsTheBinomialProduct) {
  // dbinom(3, 40, plogis(-1.2 + 0.4), log = TRUE) + dbinom(7, 41, plogis(-1.2), log = TRUE)
  // + dbinom(10, 60, plogis(-0.5 + 0.4), log = TRUE) + dbinom(18, 62, plogis(-0.5), log = TRUE)
  const std::vector<TwoByTwo> tables = {{3, 40, 7, 41}, {10, 60, 18, 62}};
  EXPECT_NEAR(glmm_log_likelihood(tables, {-1.2, -0.5}, 0.4, 0), -28.16923053909, 1e-10);
}

TEST(BinomialGlmm, RefusesWhatHasNoEstimate) {
  const auto message = [](const std::vector<TwoByTwo>& tables) {
    try {
      fit_binomial_glmm(tables, 0.95);
    } catch (const NumericalError& e) {
      return std::string(e.what());
    }
    return std::string("fitted");
  };
  EXPECT_NE(message({{3, 40, 7, 41}}).find("at least two tables"), std::string::npos);
  // No events in any experimental arm: the likelihood rises without bound as mu -> -infinity.
  EXPECT_NE(message({{0, 40, 7, 41}, {0, 60, 18, 62}}).find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace metamc
