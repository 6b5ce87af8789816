// Nothing misleads quietly: priors say what they are priors of, numbers stay readable on every
// scale, ESS and prior-dominated posteriors come with a warning, the CSV holds what the table
// shows (robustness review, section 2).
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "metamc/text.hpp"

namespace metamc::testing {
namespace {

const std::string kBcg = "fit tests/fixtures/bcg.csv";

// Splits one CSV line without quotes into its fields.
std::vector<std::string> fields_of(const std::string& line) {
  return split(line, ',');
}

TEST_F(Cli, PriorsOnTauSquaredArePrintedAsSuch) {
  const Result table = run(kBcg + " --method exact --tau-prior 'lognormal(-2.56, 1.74)'");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Bayes: log(tau^2) ~ normal(-2.56, 1.74), mu ~ flat"), std::string::npos)
      << table.out;
  const Result json = run(kBcg + " --method exact --tau-prior 'invgamma(1, 0.1)' --format json");
  EXPECT_NE(json.out.find("\"tau_prior\": \"tau^2 ~ invgamma(1, 0.1)\""), std::string::npos);
  const Result csv = run(kBcg + " --method exact --tau-prior 'invgamma(1, 0.1)' --format csv");
  EXPECT_NE(csv.out.find(",\"tau^2 ~ invgamma(1, 0.1)\",mu ~ flat,normal,\n"), std::string::npos)
      << csv.out;
}

TEST_F(Cli, SmallAndLargeEffectsStayReadable) {
  // Six BCG log risk ratios as mean differences scaled by 1e-3 and by 1e6: a fixed three
  // decimals printed 0.000 everywhere, and tau^2 as 9317889317.8893.
  const double yi[] = {-0.89, -1.59, -1.35, -1.44, -0.22, -0.79};
  const double sei[] = {0.57, 0.44, 0.64, 0.14, 0.23, 0.08};
  for (const double scale : {1e-3, 1e6}) {
    std::string scaled = "study,measure,yi,sei\n", line;
    for (int i = 0; i < 6; ++i)
      scaled += "S" + std::to_string(i) + ",MD," + shortest_decimal(yi[i] * scale) + "," +
                shortest_decimal(sei[i] * scale) + "\n";
    write("scaled.csv", scaled);
    const Result r = run_here("fit scaled.csv --method exact --tau-prior 'halfnormal(" +
                              shortest_decimal(0.5 * scale) + ")'");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.find(" 0.000 "), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("[0.000"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(scale < 1 ? "e-0" : "e+0"), std::string::npos) << r.out;
    std::istringstream rows(r.out);
    while (std::getline(rows, line)) EXPECT_LT(line.size(), 200u) << line;
  }
}

TEST_F(Cli, EssNeverAboveTheDrawsWithoutAWarning) {
  // 64 chains x 10 draws: the ESS estimator caps at N log10 N = 1796 > 640 draws.
  const Result r = run(kBcg + " --draws 10");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ESS bulk 640 / tail 640"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("WARNING: the chains may not have converged"), std::string::npos);
  EXPECT_NE(r.out.find("note: the ESS estimate (1796) exceeds the number of draws (640)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: only 10 draws per chain"), std::string::npos);
}

TEST_F(Cli, PriorDominatedPosteriorsCarryANote) {
  write("k2.csv", "study,yi,sei\nA,0.1,0.2\nB,0.9,0.3\n");
  const Result bound = run_here("fit k2.csv --method exact --tau-prior 'uniform(0, 1000)'");
  ASSERT_EQ(bound.code, 0) << bound.err;
  EXPECT_NE(bound.out.find("note: the posterior of tau piles up against the upper bound 1000 of "
                           "its uniform prior"),
            std::string::npos)
      << bound.out;
  const Result flat = run_here("fit k2.csv --method exact --tau-prior 'halfnormal(1e100)'");
  ASSERT_EQ(flat.code, 0) << flat.err;
  EXPECT_NE(flat.out.find("the data hardly bound tau from above, so the prior's tail decides it"),
            std::string::npos)
      << flat.out;
  // The default prior on two log hazard ratios is informative, not dominated: no note.
  const Result main_job = run(kMainJob + " --method exact");
  const auto block = main_job.out.find("== setting=NDMM, outcome=PFS, subgroup=all");
  const std::string ndmm = main_job.out.substr(block, main_job.out.find("\n==", block + 1) - block);
  EXPECT_EQ(ndmm.find("note:"), std::string::npos) << ndmm;
}

TEST_F(Cli, CsvSharedColumnsHoldWhatTheTableShows) {
  const Result csv = run(kMainJob + " --method exact --format csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  const Result table = run(kMainJob + " --method exact");
  // NDMM PFS, Bayes: the table shows the posterior median HR 0.649 and tau^2 0.0407.
  ASSERT_NE(table.out.find("  Bayes  0.649  [0.364, 1.15]   0.0407 "), std::string::npos)
      << table.out;
  std::istringstream lines(csv.out);
  std::string header, line;
  std::getline(lines, header);
  const auto names = fields_of(header);
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  ASSERT_LT(column("mu_mean"), names.size());
  ASSERT_LT(column("tau2_mean"), names.size());
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("NDMM,PFS,all,", 0) != 0 || line.find(",Bayes,") == std::string::npos) continue;
    const auto f = fields_of(line);
    EXPECT_EQ(significant(std::exp(std::stod(f[column("mu")]))), "0.649") << line;
    EXPECT_EQ(significant(std::stod(f[column("tau2")])), "0.0407") << line;
    EXPECT_GT(std::stod(f[column("tau2_mean")]), std::stod(f[column("tau2")]));
    found = true;
  }
  EXPECT_TRUE(found);
  // --by columns named like fixed columns: no duplicated column names.
  const Result by =
      run("fit data/isatuximab.csv --by setting,outcome,subgroup,measure,benefit "
          "--method exact --format csv");
  std::istringstream by_lines(by.out);
  std::getline(by_lines, header);
  EXPECT_EQ(header.rfind("setting,outcome,subgroup,measure,benefit,k,method,mu,", 0), 0u) << header;
}

TEST_F(Cli, CsvCarriesTheMcmcDiagnosticsOfTheJson) {
  // The Bayes row's diagnostic columns are the JSON's bayes.diagnostics and mcse fields, the same
  // doubles: HMC (BCG's counts, binomial model) fills them all, the collapsed sampler (--model
  // normal) the Monte Carlo standard errors only.
  for (const std::string model : {"binomial", "normal"}) {
    SCOPED_TRACE(model);
    const std::string args = kBcg + " --model " + model + " --draws 200 --warmup 300";
    const Result csv = run(args + " --format csv");
    const Result json = run(args + " --format json");
    ASSERT_EQ(csv.code, 0) << csv.err;
    ASSERT_EQ(json.code, 0) << json.err;
    const nlohmann::json bayes = nlohmann::json::parse(json.out)["groups"][0]["bayes"];
    const nlohmann::json& d = bayes["diagnostics"];
    std::istringstream lines(csv.out);
    std::string header, line;
    std::getline(lines, header);
    const auto names = fields_of(header);
    std::vector<std::string> bayes_row;
    while (std::getline(lines, line))
      if (line.find(",Bayes,") != std::string::npos) bayes_row = fields_of(line);
    ASSERT_FALSE(bayes_row.empty()) << csv.out;
    const auto cell = [&](const std::string& name) {
      const auto at = std::find(names.begin(), names.end(), name);
      EXPECT_NE(at, names.end()) << name;
      return at == names.end() ? std::string("?") : bayes_row.at(at - names.begin());
    };
    const auto expect_same = [&](const std::string& name, const nlohmann::json& value) {
      if (value.is_null()) {
        EXPECT_EQ(cell(name), "") << name;
      } else {
        ASSERT_NE(cell(name), "") << name;
        EXPECT_EQ(std::stod(cell(name)), value.get<double>()) << name;
      }
    };
    expect_same("mu_mcse", bayes["mu"]["mcse"]);
    expect_same("p_benefit_mcse", bayes["p_benefit_mcse"]);
    for (const char* key : {"nested_rhat", "divergences", "step_size", "n_leapfrog"}) {
      EXPECT_EQ(d[key].is_null(), model == "normal") << key;
      expect_same(key, d[key]);
    }
    EXPECT_FALSE(bayes["mu"]["mcse"].is_null());
  }
}

TEST_F(Cli, DlTauSquaredOutsideItsQProfileIntervalIsNoted) {
  // bcg at a level of 1e-10: the Q-profile "interval" is a point at the PM estimate.
  const Result r = run(kBcg + " --method exact --level 1e-10");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(
      r.out.find("note: the DL estimate of tau^2 (0.309) lies outside the Q-profile interval"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(DL: tau2 with its Q-profile interval;"), std::string::npos);
  EXPECT_NE(r.out.find("1e-08% intervals"), std::string::npos) << r.out.substr(0, 200);
}

// Options of the MCMC run with --method exact: the quadrature runs, a warning names what had no
// effect; the seed is harmless.
TEST_F(Cli, ExactMethodNamesTheOptionsItIgnores) {
  const std::pair<std::string, std::string> cases[] = {
      {" --backend cuda",
       "--backend cuda has no effect with --method exact: the quadrature runs "
       "on the CPU\n"},
      {" --chains 5 --sampler hmc --streamed",
       "--sampler, --chains, --streamed have no effect with --method exact: the quadrature makes "
       "no draws\n"}};
  for (const auto& [options, warning] : cases) {
    const Result r = run(kBcg + " --method exact" + options);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "metamc: warning: " + warning);
  }
  EXPECT_EQ(run(kBcg + " --method exact --seed 3").err, "");
}

}  // namespace
}  // namespace metamc::testing
