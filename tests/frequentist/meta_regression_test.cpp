// Meta-regression against metafor 3.8-1's rma(yi, vi, mods, method = "REML" | "DL") with
// tightened convergence (tests/reference/meta_regression_reference.R): BCG (latitude and year,
// numeric; allocation, a 3-level factor), Raudenbush 1985 (weeks; setting and tester, 2-level
// factors), Bangert-Drowns 2004 (length with 2 missing values, grade, wic), Hackshaw 1998 (year;
// design, 2 levels; country, 9 levels): coefficients, se,
// Wald and Knapp-Hartung intervals, p, tau^2, QM, QE and R^2 to 1e-9 (DL) and 1e-8 (REML).
#include "metamc/frequentist/meta_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/design_matrix.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/error.hpp"
#include "metamc/text.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

struct Case {
  std::string file, mods;
  std::map<std::string, double> values;  // "method quantity name"
};

std::map<std::string, Case> cases() {
  const CsvTable t = read_csv(testing::fixture_path("meta_regression_reference.csv"));
  const auto column = [&](const char* name) { return t.column(name).value(); };
  const std::size_t id = column("case"), file = column("file"), mods = column("mods"),
                    method = column("method"), quantity = column("quantity"), name = column("name"),
                    value = column("value");
  std::map<std::string, Case> out;
  for (const CsvRow& row : t.rows) {
    Case& c = out[row.fields[id]];
    c.file = row.fields[file];
    c.mods = row.fields[mods];
    if (!row.fields[value].empty())
      c.values[row.fields[method] + " " + row.fields[quantity] + " " + row.fields[name]] =
          std::stod(row.fields[value]);
  }
  return out;
}

Group group_with_moderators(const std::string& file, const std::vector<std::string>& mods) {
  StudyReaderOptions options;
  options.moderators = mods;
  std::vector<std::string> warnings;
  return read_groups(read_csv(testing::source_dir() + "/" + file), options, warnings).at(0);
}

TEST(MetaRegression, EqualsMetaforOnFourDatasetsAndEightDesigns) {
  const std::map<std::string, Case> all = cases();
  ASSERT_EQ(all.size(), 8u);
  for (const auto& [name, c] : all) {
    SCOPED_TRACE(name);
    const std::vector<std::string> mods = split(c.mods, ',');
    const Group g = group_with_moderators(c.file, mods);
    const Design d = design_matrix(g, mods);
    for (const auto& [label, method, tolerance] :
         {std::tuple{"DL", Tau2Method::DL, 1e-9}, {"REML", Tau2Method::REML, 1e-8}}) {
      SCOPED_TRACE(label);
      const MetaRegressionFit fit = fit_meta_regression(d.y, d.v, d.X, d.names, method, 0.95);
      const auto ref = [&](const std::string& quantity, const std::string& coefficient = "") {
        const auto found = c.values.find(std::string(label) + " " + quantity + " " + coefficient);
        EXPECT_NE(found, c.values.end()) << quantity << " " << coefficient;
        return found == c.values.end() ? 0.0 : found->second;
      };
      const auto near = [&](double ours, double theirs, const std::string& what) {
        EXPECT_NEAR(ours, theirs, tolerance * std::fmax(1, std::fabs(theirs))) << what;
      };
      EXPECT_EQ(fit.k, static_cast<int>(ref("k")));
      ASSERT_EQ(fit.coefficients.size(), d.names.size());
      near(fit.tau2, ref("tau2"), "tau2");
      near(fit.QE, ref("QE"), "QE");
      EXPECT_EQ(fit.QE_df, static_cast<int>(ref("QE_df")));
      near(*fit.QE_p, ref("QE_p"), "QE_p");
      near(fit.QM, ref("QM"), "QM");
      EXPECT_EQ(fit.QM_df, static_cast<int>(ref("QM_df")));
      near(*fit.QM_p, ref("QM_p"), "QM_p");
      near(fit.R2, ref("R2"), "R2");
      for (const RegressionCoefficient& b : fit.coefficients) {
        near(b.estimate, ref("estimate", b.name), b.name + " estimate");
        near(b.se, ref("se", b.name), b.name + " se");
        near(b.ci.lower, ref("ci_lb", b.name), b.name + " ci");
        near(b.ci.upper, ref("ci_ub", b.name), b.name + " ci");
        near(b.p, ref("pval", b.name), b.name + " p");
        near(b.hksj_ci->lower, ref("knha_lb", b.name), b.name + " knha");
        near(b.hksj_ci->upper, ref("knha_ub", b.name), b.name + " knha");
      }
    }
  }
}

TEST(MetaRegression, MissingModeratorsAreDroppedAndFactorsNamed) {
  const Group g = group_with_moderators("tests/fixtures/bangertdrowns2004.csv", {"length"});
  const Design d = design_matrix(g, {"length"});
  EXPECT_EQ(d.dropped.size(), 2u);
  EXPECT_EQ(d.used.size(), 46u);
  const Group bcg = group_with_moderators("tests/fixtures/bcg_alloc.csv", {"alloc"});
  EXPECT_EQ(design_matrix(bcg, {"alloc"}).names,
            (std::vector<std::string>{"intrcpt", "alloc=alternate", "alloc=systematic"}));
}

TEST(MetaRegression, RefusesDesignsWithoutAnEstimate) {
  const Group bcg = group_with_moderators("tests/fixtures/bcg_alloc.csv", {"ablat", "measure"});
  try {
    design_matrix(bcg, {"ablat", "measure"});
    ADD_FAILURE() << "a factor with one level was accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("moderator 'measure' has one level ('RR')"),
              std::string::npos)
        << e.what();
  }
  // ablat twice: collinear.
  const Group twice = group_with_moderators("tests/fixtures/bcg_alloc.csv", {"ablat", "ablat"});
  const Design d = design_matrix(twice, {"ablat", "ablat"});
  Eigen::VectorXd y = Eigen::VectorXd::Zero(d.X.rows()), v = Eigen::VectorXd::Ones(d.X.rows());
  EXPECT_THROW(fit_meta_regression(y, v, d.X, d.names, Tau2Method::REML, 0.95), NumericalError);
}

}  // namespace
}  // namespace metamc
