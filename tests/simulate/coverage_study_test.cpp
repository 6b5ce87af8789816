// The simulation study against an independent simulation in R with metafor 3.8-1
// (tests/reference/coverage_reference.R: R's own random numbers, rma() for DL and REML, the
// Knapp-Hartung interval as test = "knha"): at k = 2, 3 and 5 and tau = 0, 0.2, 0.4, the coverage
// of DL's and REML's Wald and HKSJ intervals, their mean width, the share of tau^2 estimated as 0
// and the rate of significant benefit agree within 5 standard errors of the difference of two
// independent simulations of 5,000 replicates each; and a study depends on its seed alone.
#include "metamc/simulate/coverage_study.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/measure.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/text.hpp"
#include "same_performance.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

struct Reference {
  std::vector<double> se;
  double tau = 0;
  std::map<std::string, std::map<std::string, double>> methods;  // method -> quantity -> value
};

// design and tau -> the R simulation's results.
std::map<std::pair<std::string, double>, Reference> reference() {
  const CsvTable t = read_csv(testing::fixture_path("coverage_reference.csv"));
  const auto column = [&](const char* name) { return t.column(name).value(); };
  std::map<std::pair<std::string, double>, Reference> out;
  for (const CsvRow& row : t.rows) {
    const double tau = std::stod(row.fields[column("tau")]);
    Reference& r = out[{row.fields[column("design")], tau}];
    r.tau = tau;
    r.se.clear();
    for (const std::string& s : split(row.fields[column("se")], ';')) r.se.push_back(std::stod(s));
    auto& m = r.methods[row.fields[column("method")]];
    for (const char* q : {"replicates", "coverage", "width_mean", "width_sd", "tau2_zero_share",
                          "significant_rate"})
      m[q] = std::stod(row.fields[column(q)]);
  }
  return out;
}

TEST(CoverageStudy, AgreesWithAnIndependentSimulationWithMetafor) {
  const auto cases = reference();
  ASSERT_EQ(cases.size(), 9u);
  CoverageSettings settings;
  settings.replicates = 5000;
  settings.seed = 7;
  for (const auto& [id, ref] : cases) {
    SCOPED_TRACE(id.first + " tau = " + shortest_decimal(id.second));
    const std::vector<ScenarioResult> ours =
        coverage_study(normal_design(ref.se, Benefit::lower), {{ref.tau, 0}}, settings, 0);
    for (const MethodPerformance& m : ours.at(0).methods) {
      const auto found = ref.methods.find(to_string(m.method));
      if (found == ref.methods.end()) continue;  // PM and Bayes: no metafor reference here
      SCOPED_TRACE(to_string(m.method));
      const auto& theirs = found->second;
      const double n = m.replicates, n_r = theirs.at("replicates");
      // Two independent binomial shares: the sd of their difference.
      const auto share_sd = [&](double a, double b) {
        return std::sqrt(a * (1 - a) / n + b * (1 - b) / n_r);
      };
      const auto near_share = [&](double ours_value, double theirs_value, const char* what) {
        EXPECT_NEAR(ours_value, theirs_value, 5 * share_sd(ours_value, theirs_value) + 1e-12)
            << what;
      };
      near_share(*m.coverage, theirs.at("coverage"), "coverage");
      near_share(*m.tau2_zero_share, theirs.at("tau2_zero_share"), "tau2 = 0");
      near_share(*m.significant_rate, theirs.at("significant_rate"), "significant");
      const double width_sd = theirs.at("width_sd");
      EXPECT_NEAR(*m.width_mean, theirs.at("width_mean"), 5 * width_sd * std::sqrt(1 / n + 1 / n_r))
          << "width";
    }
  }
}

TEST(CoverageStudy, DependsOnTheSeedAlone) {
  CoverageSettings settings;
  settings.replicates = 300;
  settings.threads = 1;
  const std::vector<double> se = {0.1, 0.2, 0.3};
  const std::vector<Scenario> scenarios = {{0.2, 0}, {0.4, -0.3}};
  const auto one = coverage_study(normal_design(se, Benefit::lower), scenarios, settings, 3);
  settings.threads = 2;
  const auto two = coverage_study(normal_design(se, Benefit::lower), scenarios, settings, 3);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t s = 0; s < one.size(); ++s)
    for (std::size_t m = 0; m < one[s].methods.size(); ++m) {
      EXPECT_EQ(one[s].methods[m].coverage, two[s].methods[m].coverage);
      EXPECT_EQ(one[s].methods[m].width_mean, two[s].methods[m].width_mean);
      EXPECT_EQ(one[s].methods[m].width_median, two[s].methods[m].width_median);
    }
  // Another group coordinate draws other replicates.
  const auto other = coverage_study(normal_design(se, Benefit::lower), scenarios, settings, 4);
  EXPECT_NE(other[0].methods[0].width_mean, one[0].methods[0].width_mean);
}

// Shards of the replicates, tallied apart and added up, equal the whole study to the last bit;
// the shards cover every replicate once.
TEST(CoverageStudy, ShardsAddUpToTheWholeStudy) {
  for (const std::uint32_t n : {1u, 3u, 7u}) {
    std::uint64_t next = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const ReplicateRange r = ReplicateRange::shard(1000, i, n);
      EXPECT_EQ(r.first, next);
      next = r.last;
    }
    EXPECT_EQ(next, 1000u);
  }
  CoverageSettings settings;
  settings.replicates = 500;
  const std::vector<double> se = {0.15, 0.3};
  const std::vector<Scenario> scenarios = {{0.3, -0.2}};
  const auto whole = coverage_study(normal_design(se, Benefit::lower), scenarios, settings, 1);
  ScenarioTally sum;
  for (std::uint32_t i = 0; i < 7; ++i)
    sum.add(coverage_tallies(normal_design(se, Benefit::lower), scenarios, settings, 1,
                             ReplicateRange::shard(500, i, 7))
                .at(0));
  sum.scenario = scenarios[0];
  const ScenarioResult merged = summarise(sum);
  ASSERT_EQ(merged.methods.size(), whole[0].methods.size());
  for (std::size_t m = 0; m < merged.methods.size(); ++m)
    testing::expect_same_performance(merged.methods[m], whole[0].methods[m]);
}

// Designs of 2x2 tables against an independent simulation in R with metafor 3.8-1
// (tests/reference/count_coverage_reference.R: R's rbinom, escalc with add = 1/2, to = "only0",
// drop00 = TRUE, rma() with test = "knha"): an RR design of k = 2 with a control arm without
// events (RRMM MRD negativity) and an OR design of k = 3; the share of replicates fitted, the
// coverage, share of tau^2 = 0, rate of significance and mean width of DL's and REML's Wald and
// HKSJ intervals agree within 5 standard errors of the difference of two simulations of 4,000
// replicates each.
TEST(CoverageStudy, CountDesignsAgreeWithAnIndependentSimulationWithMetafor) {
  const CsvTable t = read_csv(testing::fixture_path("count_coverage_reference.csv"));
  const auto column = [&](const char* name) { return t.column(name).value(); };
  const auto numbers = [](const std::string& joined) {
    std::vector<double> out;
    for (const std::string& x : split(joined, ';')) out.push_back(std::stod(x));
    return out;
  };
  ASSERT_EQ(t.rows.size(), 16u);  // 2 designs x 2 taus x 4 methods
  CoverageSettings settings;
  settings.replicates = 4000;
  settings.seed = 11;
  settings.count_model = ModelKind::normal;  // Bayes is not compared here
  for (std::size_t row = 0; row < t.rows.size(); row += 4) {
    const auto field = [&](std::size_t r, const char* name) {
      return t.rows[r].fields[column(name)];
    };
    StudyDesign d;
    d.measure = *parse_measure(field(row, "measure"));
    d.counts = true;
    const auto n1 = numbers(field(row, "n1")), n2 = numbers(field(row, "n2")),
               pc = numbers(field(row, "pc"));
    for (std::size_t i = 0; i < n1.size(); ++i)
      d.trials.push_back(TrialDesign{0, static_cast<long>(n1[i]), static_cast<long>(n2[i]), pc[i]});
    const Scenario s{std::stod(field(row, "tau")), std::stod(field(row, "mu"))};
    SCOPED_TRACE(field(row, "design") + " tau = " + field(row, "tau"));
    const ScenarioResult ours = coverage_study(d, {s}, settings, 0).at(0);
    for (std::size_t r = row; r < row + 4; ++r) {
      const auto method = interval_method_named(field(r, "method"));
      ASSERT_TRUE(method);
      SCOPED_TRACE(field(r, "method"));
      const MethodPerformance& m = ours.methods.at(static_cast<std::size_t>(*method));
      ASSERT_EQ(m.method, *method);
      const double n = m.replicates, n_r = std::stod(field(r, "replicates"));
      const double attempted = std::stod(field(r, "attempted"));
      const auto near_share = [&](double a, double b, double na, double nb, const char* what) {
        EXPECT_NEAR(a, b, 5 * std::sqrt(a * (1 - a) / na + b * (1 - b) / nb) + 1e-12) << what;
      };
      near_share(n / 4000, n_r / attempted, 4000, attempted, "fitted");
      near_share(*m.coverage, std::stod(field(r, "coverage")), n, n_r, "coverage");
      near_share(*m.tau2_zero_share, std::stod(field(r, "tau2_zero_share")), n, n_r, "tau2 = 0");
      near_share(*m.significant_rate, std::stod(field(r, "significant_rate")), n, n_r,
                 "significant");
      EXPECT_NEAR(*m.width_mean, std::stod(field(r, "width_mean")),
                  5 * std::stod(field(r, "width_sd")) * std::sqrt(1 / n + 1 / n_r))
          << "width";
    }
  }
}

// A design of large 2x2 tables behaves as the design of their log ratios' standard errors (the
// delta method's variance at the expected counts): coverage, share of tau^2 = 0 and mean width of
// DL and DL-HKSJ agree within 5 standard errors of the difference of the two simulations.
TEST(CoverageStudy, LargeTablesBehaveAsTheirStandardErrors) {
  StudyDesign counts;
  counts.measure = Measure::OR;
  counts.counts = true;
  std::vector<double> se;
  for (const auto& [n, p] :
       std::vector<std::pair<long, double>>{{2000, 0.3}, {1500, 0.2}, {2500, 0.4}}) {
    counts.trials.push_back(TrialDesign{0, n, n, p});
    // OR = 1: both arms at risk p; var log OR = 2 / (n p (1 - p)).
    se.push_back(std::sqrt(2 / (n * p * (1 - p))));
  }
  CoverageSettings settings;
  settings.replicates = 3000;
  settings.count_model = ModelKind::normal;
  const std::vector<Scenario> scenario = {{0.1, 0}};
  const auto a = coverage_study(counts, scenario, settings, 0)[0];
  const auto b = coverage_study(normal_design(se, Benefit::lower), scenario, settings, 1)[0];
  for (const IntervalMethod m : {IntervalMethod::DL, IntervalMethod::DL_HKSJ}) {
    SCOPED_TRACE(to_string(m));
    const MethodPerformance& x = a.methods[static_cast<std::size_t>(m)];
    const MethodPerformance& y = b.methods[static_cast<std::size_t>(m)];
    ASSERT_EQ(x.method, m);
    ASSERT_EQ(x.replicates, 3000);
    const auto sd = [](double p, double q) {
      return std::sqrt((p * (1 - p) + q * (1 - q)) / 3000);
    };
    EXPECT_NEAR(*x.coverage, *y.coverage, 5 * sd(*x.coverage, *y.coverage));
    EXPECT_NEAR(*x.tau2_zero_share, *y.tau2_zero_share,
                5 * sd(*x.tau2_zero_share, *y.tau2_zero_share));
    EXPECT_NEAR(*x.width_mean, *y.width_mean, 0.05 * *y.width_mean);
  }
}

// Count designs fitted by the binomial model: the tallies do not depend on the threads, and
// shards add up to the whole, to the last bit (HMC's chains per replicate on their own streams).
TEST(CoverageStudy, BinomialModelRunsIndependentlyOfThreadsAndShards) {
  StudyDesign d;
  d.measure = Measure::RR;
  d.benefit = Benefit::higher;
  d.counts = true;
  d.trials = {TrialDesign{0, 154, 153, 0.5 / 154}, TrialDesign{0, 179, 123, 16.0 / 123}};
  CoverageSettings settings;
  settings.replicates = 20;
  settings.sampler.chains = 4;
  settings.sampler.warmup = 60;
  settings.sampler.draws = 40;
  settings.threads = 1;
  const std::vector<Scenario> scenarios = {{0.2, std::log(2.0)}};
  const auto one = coverage_study(d, scenarios, settings, 2)[0];
  settings.threads = 2;
  ScenarioTally sum;
  for (std::uint32_t i = 0; i < 3; ++i)
    sum.add(coverage_tallies(d, scenarios, settings, 2, ReplicateRange::shard(20, i, 3)).at(0));
  sum.scenario = scenarios[0];
  const ScenarioResult merged = summarise(sum);
  ASSERT_EQ(merged.methods.size(), one.methods.size());
  const MethodPerformance& bayes = merged.methods.back();
  ASSERT_EQ(bayes.method, IntervalMethod::Bayes);
  EXPECT_GT(bayes.replicates, 15);  // a replicate needs two tables with events
  EXPECT_TRUE(bayes.divergent_share.has_value());
  EXPECT_FALSE(merged.methods.front().divergent_share.has_value());
  for (std::size_t m = 0; m < merged.methods.size(); ++m) {
    SCOPED_TRACE(to_string(merged.methods[m].method));
    EXPECT_EQ(merged.methods[m].replicates, one.methods[m].replicates);
    EXPECT_EQ(merged.methods[m].coverage, one.methods[m].coverage);
    EXPECT_EQ(merged.methods[m].width_mean, one.methods[m].width_mean);
    EXPECT_EQ(merged.methods[m].pi_coverage, one.methods[m].pi_coverage);
    EXPECT_EQ(merged.methods[m].p_benefit_095_rate, one.methods[m].p_benefit_095_rate);
  }
}

// At tau = 0 the prediction interval of a new trial is mu's position: its coverage is the share
// of replicates whose PI contains mu; the k = 3 t(1) interval is wide enough to nearly always.
TEST(CoverageStudy, PredictionCoverageAtTauZeroIsAShareOfReplicates) {
  CoverageSettings settings;
  settings.replicates = 400;
  const auto r =
      coverage_study(normal_design({0.1, 0.2, 0.3}, Benefit::lower), {{0, 0}}, settings, 0);
  for (const MethodPerformance& m : r[0].methods) {
    if (!m.pi_coverage) continue;
    const double shares = *m.pi_coverage * m.replicates;
    EXPECT_NEAR(shares, std::round(shares), 1e-9) << to_string(m.method);
    EXPECT_GT(*m.pi_coverage, 0.9) << to_string(m.method);
  }
}

}  // namespace
}  // namespace metamc
