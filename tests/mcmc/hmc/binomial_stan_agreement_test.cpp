// ChEES-HMC on the binomial-normal model (models/binomial_normal.hpp) against Stan's NUTS on the
// same model (tests/reference/binomial_normal.stan, run long by tests/reference/
// binomial_reference.R into tests/fixtures/binomial_reference.csv): real datasets from R's
// metadat (k = 3 to 33: Anand 1999's low-intensity trials, Hine 1989, BCG under two tau priors,
// Niel-Weise 2007 with zero cells and a table with no events in either arm, Li 2007, Lau 1992),
// OR and RR, and the isatuximab count outcomes with k = 2. The means, sds and 2.5/50/97.5%
// quantiles of mu and tau and P(benefit) agree within 5 combined Monte Carlo standard errors
// (metamc's, as the R package posterior computes them, and Stan's); no divergent transition, or a
// few with a note. Also each study's control-arm risk and risk difference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/mcse.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

// One reference case: where its studies are, its prior, and Stan's (value, MCSE) per
// "quantity statistic" ("mu q025", "p_benefit mean", ...).
struct Reference {
  std::string file, group, tau_prior;
  std::map<std::string, std::pair<double, double>> stan;
};

std::map<std::string, Reference> references() {
  const CsvTable table = read_csv(testing::source_dir() + "/tests/fixtures/binomial_reference.csv");
  std::map<std::string, Reference> out;
  const auto column = [&](const char* name) {
    const std::optional<std::size_t> c = table.column(name);
    EXPECT_TRUE(c) << "no column " << name;
    return c.value_or(0);
  };
  const std::size_t name = column("case"), file = column("file"), group = column("group"),
                    prior = column("tau_prior"), quantity = column("quantity"),
                    statistic = column("statistic"), value = column("value"), mcse = column("mcse");
  for (const auto& row : table.rows) {
    Reference& r = out[row.fields[name]];
    r.file = row.fields[file];
    r.group = row.fields[group];
    r.tau_prior = row.fields[prior];
    const std::string m = row.fields[mcse];
    r.stan[row.fields[quantity] + " " + row.fields[statistic]] = {std::stod(row.fields[value]),
                                                                  m.empty() ? 0.0 : std::stod(m)};
  }
  return out;
}

// The group of a case: a whole fixture, or one (setting, outcome) group of all patients of the
// isatuximab data, named as "setting=RRMM,outcome=ORR".
Group group_of(const Reference& r) {
  StudyReaderOptions options;
  if (!r.group.empty()) options.by = {"setting", "outcome", "subgroup"};
  std::vector<std::string> warnings;
  for (Group& g : read_groups(read_csv(testing::source_dir() + "/" + r.file), options, warnings)) {
    std::string key;
    for (const auto& [column, value] : g.key)
      if (column != "subgroup") key += (key.empty() ? "" : ",") + column + "=" + value;
    if (key == r.group && (g.key.size() < 3 || g.key[2].second == "all")) return g;
  }
  ADD_FAILURE() << "no group " << r.group << " in " << r.file;
  return {};
}

// The binomial model on one group, as the comparisons run it: 64 HMC chains of `draws` draws
// after 1000 warmup iterations, every draw kept and summarised.
struct BinomialRun {
  GroupDraws draws;
  BayesResult summary;
};

BinomialRun run_binomial(const Group& group, const std::string& tau_prior, int draws,
                         std::uint64_t seed) {
  const PreparedGroups p = prepare_groups({group}, parse_tau_prior(tau_prior), MuPrior{}, {}, false,
                                          0, "", {ModelKind::binomial});
  SamplerSettings s;
  s.sampler = SamplerKind::hmc;
  s.chains = 64;
  s.warmup = 1000;
  s.draws = draws;
  s.seed = seed;
  GroupDraws kept = sample_on_cpu(p.jobs, s)[0];
  BayesResult summary = summarise_draws(kept, p.models[0].data(), 0.95, 0);
  return {std::move(kept), std::move(summary)};
}

TEST(BinomialHmc, AgreesWithStanWithinFiveMcse) {
  const std::map<std::string, Reference> cases = references();
  ASSERT_GE(cases.size(), 6u);
  for (const auto& [name, ref] : cases) {
    const Group group = group_of(ref);
    const BinomialRun run = run_binomial(group, ref.tau_prior, 2000, 20261201);
    const GroupDraws& draws = run.draws;
    const BayesResult& mcmc = run.summary;
    const Eigen::Map<const DrawsMatrix> mu(draws.mu.data(), draws.draws, draws.chains);
    const Eigen::Map<const DrawsMatrix> tau(draws.tau.data(), draws.draws, draws.chains);
    const double tau_sd = std::sqrt((tau.array() - tau.mean()).square().sum() / (tau.size() - 1));
    const auto within = [&](const std::string& what, double value, double own_mcse) {
      const auto found = ref.stan.find(what);
      ASSERT_NE(found, ref.stan.end()) << name << ": no reference for " << what;
      const auto [reference, stan_mcse] = found->second;
      const double mcse = std::hypot(own_mcse, stan_mcse);
      EXPECT_LE(std::fabs(value - reference), 5 * mcse)
          << name << ", " << what << ": " << value << " vs Stan " << reference << " (MCSE " << mcse
          << ")";
    };
    within("mu mean", *mcmc.mu.mean, *mcmc.mu.mcse);
    within("mu sd", *mcmc.mu.sd, mcse_sd(mu));
    within("mu q025", mcmc.mu.ci.lower, mcse_quantile(mu, 0.025));
    within("mu q50", mcmc.mu.median, mcse_quantile(mu, 0.5));
    within("mu q975", mcmc.mu.ci.upper, mcse_quantile(mu, 0.975));
    within("tau mean", *mcmc.tau.mean, mcse_mean(tau));
    within("tau sd", tau_sd, mcse_sd(tau));
    within("tau q025", mcmc.tau.ci.lower, mcse_quantile(tau, 0.025));
    within("tau q50", mcmc.tau.median, mcse_quantile(tau, 0.5));
    within("tau q975", mcmc.tau.ci.upper, mcse_quantile(tau, 0.975));
    within("p_benefit mean", mcmc.p_benefit, *mcmc.p_benefit_mcse + 1e-12);
    // NDMM MRD negativity (k = 2, a posterior tail reaching large tau and extreme mu) diverges in a
    // few of 128,000 transitions, as Stan did in 12 of 100,000 at adapt_delta 0.99 (1 at 0.999):
    // reported with a note, and, as the comparisons show, biasing nothing measurable.
    const double divergences = mcmc.diagnostics->divergences;
    EXPECT_LE(divergences, 20) << name;
    if (divergences > 0) {
      EXPECT_NE(std::find_if(mcmc.notes.begin(), mcmc.notes.end(),
                             [](const std::string& n) {
                               return n.find("transitions diverged") != std::string::npos;
                             }),
                mcmc.notes.end())
          << name;
    }
    EXPECT_LT(mcmc.diagnostics->rhat, 1.01) << name;
    std::printf(
        "[ binomial ] %-46s k = %2zu: mu %.4f (Stan %.4f), tau %.4f (Stan %.4f), ESS %.0f, %.0f "
        "divergent\n",
        name.c_str(), group.k() + group.uninformative.size(), *mcmc.mu.mean,
        ref.stan.at("mu mean").first, mcmc.tau.median, ref.stan.at("tau q50").first,
        mcmc.diagnostics->ess_bulk, divergences);
  }
}

// Each study's control-arm risk and risk difference (tests/reference/
// binomial_arm_risks_reference.R: Stan's alpha and theta draws carried through the same maps) on
// Niel-Weise 2007 (OR, with the table of no events in either arm), Hine 1989 (RR) and the
// isatuximab MRD-negativity tables of RRMM (RR, a zero cell): mean and 2.5/50/97.5% quantiles
// within 5 combined MCSEs.
TEST(BinomialHmc, ArmRisksAgreeWithStanWithinFiveMcse) {
  const CsvTable table =
      read_csv(testing::source_dir() + "/tests/fixtures/binomial_arm_risks_reference.csv");
  const auto column = [&](const char* name) { return table.column(name).value(); };
  const std::size_t name = column("case"), file = column("file"), group = column("group"),
                    study = column("study"), quantity = column("quantity"),
                    statistic = column("statistic"), value = column("value"), mcse = column("mcse");
  // case -> (where, reference per "study quantity statistic")
  std::map<std::string, std::pair<Reference, std::map<std::string, std::pair<double, double>>>>
      cases;
  for (const auto& row : table.rows) {
    auto& c = cases[row.fields[name]];
    c.first.file = row.fields[file];
    c.first.group = row.fields[group];
    c.second[row.fields[study] + " " + row.fields[quantity] + " " + row.fields[statistic]] = {
        std::stod(row.fields[value]), std::stod(row.fields[mcse])};
  }
  ASSERT_EQ(cases.size(), 3u);
  int compared = 0;
  for (const auto& [case_name, c] : cases) {
    const Group g = group_of(c.first);
    const BinomialRun run = run_binomial(g, "halfnormal(0.5)", 1000, 20261202);
    const GroupDraws& draws = run.draws;
    const BayesResult& mcmc = run.summary;
    // The binomial model's studies: the group's, then its tables with no events in either arm.
    std::vector<std::string> labels;
    for (const std::vector<Study>* studies : {&g.studies, &g.uninformative})
      for (const Study& st : *studies) labels.push_back(st.label);
    ASSERT_EQ(mcmc.control_risks.size(), labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const int at = static_cast<int>(i);
      const struct {
        const char* name;
        const double* draws;
        const ScalarSummary& summary;
      } quantities[] = {
          {"control_risk", draws.control_risk_of(at), mcmc.control_risks[i]},
          {"risk_difference", draws.risk_difference_of(at), mcmc.risk_differences[i]}};
      for (const auto& q : quantities) {
        const Eigen::Map<const DrawsMatrix> x(q.draws, draws.draws, draws.chains);
        const std::pair<double, double> ours[] = {{*q.summary.mean, mcse_mean(x)},
                                                  {q.summary.ci.lower, mcse_quantile(x, 0.025)},
                                                  {q.summary.median, mcse_quantile(x, 0.5)},
                                                  {q.summary.ci.upper, mcse_quantile(x, 0.975)}};
        const char* statistics[] = {"mean", "q025", "q50", "q975"};
        for (int j = 0; j < 4; ++j) {
          const std::string key = labels[i] + " " + q.name + " " + statistics[j];
          const auto found = c.second.find(key);
          ASSERT_NE(found, c.second.end()) << case_name << ": no reference for " << key;
          const auto [reference, stan_mcse] = found->second;
          const double combined = std::hypot(ours[j].second, stan_mcse);
          EXPECT_LE(std::fabs(ours[j].first - reference), 5 * combined)
              << case_name << ", " << key << ": " << ours[j].first << " vs Stan " << reference
              << " (MCSE " << combined << ")";
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, (18 + 6 + 2) * 8);
}

}  // namespace
}  // namespace metamc
