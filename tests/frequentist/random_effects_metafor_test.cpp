// Agreement of the frequentist engine with R's metafor on real datasets.
//
// Expected values: tests/fixtures/metafor_reference.csv, written by
// tests/reference/metafor_reference.R with R 4.2.2 and metafor 3.8-1 (rma.uni, confint.rma.uni;
// tightened convergence tolerances; the t(k-2) prediction interval from metafor's mu, se and tau2).
// The input fixtures in tests/fixtures are written by the same script, from the metadat package,
// and read here through metamc's own CSV and study readers, so the test covers effect-size
// computation (counts with zero cells and a double-zero study, ratios with intervals at 95%, 95.4%
// and 98.5%) as well as estimation.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/run/analysis.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

struct Dataset {
  std::string file;
  std::vector<std::string> by;
};

const std::map<std::string, Dataset> kDatasets = {
    {"bcg", {testing::fixture_path("bcg.csv"), {}}},
    {"nielweise2007", {testing::fixture_path("nielweise2007.csv"), {}}},
    {"hine1989", {testing::fixture_path("hine1989.csv"), {}}},
    {"hackshaw1998", {testing::fixture_path("hackshaw1998.csv"), {}}},
    {"normand1999", {testing::fixture_path("normand1999.csv"), {}}},
    {"li2007", {testing::fixture_path("li2007.csv"), {}}},
    {"isatuximab",
     {testing::source_dir() + "/data/isatuximab.csv", {"setting", "outcome", "subgroup"}}},
};

std::optional<double> quantity(const FrequentistFit& fit, const std::string& name) {
  if (name == "mu") return fit.mu;
  if (name == "se") return fit.se;
  if (name == "ci_lower") return fit.ci.lower;
  if (name == "ci_upper") return fit.ci.upper;
  if (name == "p") return fit.p;
  if (name == "tau2") return fit.tau2;
  if (name == "Q") return fit.Q;
  if (name == "Q_p") return fit.Q_p;
  if (name == "I2") return fit.I2;
  if (name == "H2") return fit.H2;
  if (name == "tau2_ci_lower" && fit.tau2_ci) return fit.tau2_ci->lower;
  if (name == "tau2_ci_upper" && fit.tau2_ci) return fit.tau2_ci->upper;
  if (name == "hksj_lower" && fit.hksj_ci) return fit.hksj_ci->lower;
  if (name == "hksj_upper" && fit.hksj_ci) return fit.hksj_ci->upper;
  if (name == "pi_lower" && fit.pi) return fit.pi->lower;
  if (name == "pi_upper" && fit.pi) return fit.pi->upper;
  return std::nullopt;
}

// Results of every dataset and group, keyed "dataset|group".
std::map<std::string, GroupResult> fit_all() {
  std::map<std::string, GroupResult> results;
  for (const auto& [name, dataset] : kDatasets) {
    std::vector<std::string> warnings;
    StudyReaderOptions options;
    options.by = dataset.by;
    for (const Group& g : read_groups(read_csv(dataset.file), options, warnings))
      results.emplace(name + "|" + describe(g.key), analyse_group(g, 0.95));
  }
  return results;
}

// The bar set for metamc is 1e-7 relative for DL and 1e-5 for the iterative REML and PM; every
// estimator is solved to full precision here, so all three are held to 1e-9. Exact zeros (tau2 =
// 0 and what follows from it) are compared with an absolute 1e-12.
constexpr double kRelativeTolerance = 1e-9;

TEST(FrequentistMetafor, EveryReferenceValueAgrees) {
  const auto results = fit_all();
  const CsvTable reference = read_csv(testing::fixture_path("metafor_reference.csv"));
  std::map<std::string, double> worst;        // largest relative error per method
  std::map<std::string, std::size_t> counts;  // values compared per method
  for (const CsvRow& row : reference.rows) {
    const std::string& dataset = row.fields[0];
    const std::string& group = row.fields[1];
    const std::string& method = row.fields[2];
    const std::string& name = row.fields[3];
    const double want = std::stod(row.fields[4]);
    const auto it = results.find(dataset + "|" + group);
    ASSERT_NE(it, results.end()) << dataset << " " << group;
    const GroupResult& r = it->second;
    const FrequentistFit& fit = method == "DL" ? r.dl : method == "REML" ? r.reml : r.pm;
    const auto got = quantity(fit, name);
    ASSERT_TRUE(got) << dataset << " " << group << " " << method << " " << name;
    const double error = std::fabs(*got - want);
    EXPECT_LE(error, kRelativeTolerance * std::fabs(want) + 1e-12)
        << dataset << " / " << group << " / " << method << " / " << name << ": got " << *got
        << ", metafor " << want;
    if (want != 0) worst[method] = std::max(worst[method], error / std::fabs(want));
    ++counts[method];
  }
  EXPECT_GT(counts["DL"] + counts["REML"] + counts["PM"], 800u);
  for (const auto& [method, error] : worst)
    std::printf("[ metafor ] %s: %zu values, largest relative error %.2e\n", method.c_str(),
                counts[method], error);
}

TEST(FrequentistMetafor, DatasetsCoverTheRequiredCases) {
  const auto results = fit_all();
  std::size_t k_min = 1000, k_max = 0;
  bool zero_tau2 = false, positive_tau2 = false;
  for (const auto& [key, r] : results) {
    k_min = std::min(k_min, r.group.k());
    k_max = std::max(k_max, r.group.k());
    (r.dl.tau2 == 0 ? zero_tau2 : positive_tau2) = true;
  }
  EXPECT_LE(k_min, 2u);
  EXPECT_GE(k_max, 25u);
  EXPECT_TRUE(zero_tau2);
  EXPECT_TRUE(positive_tau2);
  // The double-zero study of Niel-Weise 2007 (Yucel 2004) is left out: 18 rows, k = 17.
  EXPECT_EQ(results.at("nielweise2007|all studies").group.k(), 17u);
}

}  // namespace
}  // namespace metamc
