// The test for subgroup differences against metafor 3.8-1 (tests/reference/subgroup_reference.R:
// each level's rma() and the fixed-effect QE across the levels' estimates) on the BCG trials by
// treatment allocation (3 levels: 7, 2 and 4 trials), with DL, REML and PM estimates.
#include "metamc/frequentist/subgroup_difference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "metamc/data/csv_table.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

TEST(SubgroupDifference, EqualsMetaforOnBcgByAllocation) {
  const CsvTable reference = read_csv(testing::fixture_path("subgroup_reference.csv"));
  const auto column = [&](const char* name) { return reference.column(name).value(); };
  const std::size_t method = column("method"), level = column("level"), mu = column("mu"),
                    se = column("se"), Q = column("Q"), df = column("df"), p = column("p");
  std::map<std::string, std::map<std::string, const CsvRow*>> rows;  // method -> level -> row
  for (const CsvRow& row : reference.rows) rows[row.fields[method]][row.fields[level]] = &row;

  const std::vector<std::string> levels = {"random", "alternate", "systematic"};
  for (const auto& [name, tau2_method] :
       {std::pair{"DL", Tau2Method::DL}, {"REML", Tau2Method::REML}, {"PM", Tau2Method::PM}}) {
    SCOPED_TRACE(name);
    std::vector<double> estimates, errors;
    for (const std::string& l : levels) {
      const Group g =
          testing::load_group(testing::fixture_path("bcg_alloc.csv"), "alloc", "alloc=" + l);
      Eigen::ArrayXd y(static_cast<Eigen::Index>(g.k())), v(static_cast<Eigen::Index>(g.k()));
      for (std::size_t i = 0; i < g.k(); ++i) {
        y[static_cast<Eigen::Index>(i)] = g.studies[i].yi;
        v[static_cast<Eigen::Index>(i)] = g.studies[i].sei * g.studies[i].sei;
      }
      const FrequentistFit fit = fit_frequentist(y, v, tau2_method, 0.95);
      const CsvRow& row = *rows.at(name).at(l);
      EXPECT_NEAR(fit.mu, std::stod(row.fields[mu]), 1e-9) << l;
      EXPECT_NEAR(fit.se, std::stod(row.fields[se]), 1e-9) << l;
      estimates.push_back(fit.mu);
      errors.push_back(fit.se);
    }
    const SubgroupDifference d = subgroup_difference(estimates, errors);
    const CsvRow& test = *rows.at(name).at("test");
    EXPECT_NEAR(d.Q, std::stod(test.fields[Q]), 1e-9 * std::stod(test.fields[Q]));
    EXPECT_EQ(d.df, std::stoi(test.fields[df]));
    ASSERT_TRUE(d.p);
    EXPECT_NEAR(*d.p, std::stod(test.fields[p]), 1e-9);
  }
}

TEST(SubgroupDifference, ASingleSubgroupHasNoTest) {
  const SubgroupDifference d = subgroup_difference({0.3}, {0.1});
  EXPECT_EQ(d.Q, 0);
  EXPECT_EQ(d.df, 0);
  EXPECT_FALSE(d.p);
}

}  // namespace
}  // namespace metamc
