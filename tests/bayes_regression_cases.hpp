// The Bayesian meta-regression cases of tests/reference/bayes_meta_regression_reference.R (an
// independent quadrature in R, integrate() at rel.tol 1e-13): each case's model, read from its
// fixture as metamc reads it, and the reference values.
#ifndef METAMC_TESTS_BAYES_REGRESSION_CASES_HPP
#define METAMC_TESTS_BAYES_REGRESSION_CASES_HPP

#include <map>
#include <string>
#include <vector>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/design_matrix.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/model/regression_given_tau.hpp"
#include "test_groups.hpp"

namespace metamc::testing {

struct RegressionCase {
  std::string id;
  RegressionModel model;
  std::vector<std::string> names;
  std::map<std::string, double> values;  // "quantity name"

  double value(const std::string& quantity, const std::string& name = "") const {
    return values.at(quantity + " " + name);
  }
};

inline RegressionCase regression_case(const std::string& id, const std::string& file,
                                      const std::string& mods, const std::string& rows,
                                      const std::string& tau_prior,
                                      const std::string& intercept_prior,
                                      const std::string& beta_prior) {
  const std::vector<std::string> columns =
      mods.empty() ? std::vector<std::string>{} : split(mods, ',');
  StudyReaderOptions options;
  options.moderators = columns;
  const std::size_t equals = rows.find('=');
  if (!rows.empty()) options.by = {rows.substr(0, equals)};
  std::vector<std::string> warnings;
  const std::vector<Group> groups =
      read_groups(read_csv(source_dir() + "/" + file), options, warnings);
  const std::string wanted = rows.empty() ? "all studies" : rows;
  for (const Group& g : groups) {
    if (describe(g.key) != wanted) continue;
    const Design d = design_matrix(g, columns, Residuals::optional);
    RegressionCase c;
    c.id = id;
    c.model = {d.X,
               d.y,
               d.v,
               parse_mu_prior(intercept_prior),
               parse_beta_prior(beta_prior),
               parse_tau_prior(tau_prior)};
    c.names = d.names;
    return c;
  }
  throw std::runtime_error("no group " + wanted + " in " + file);
}

/// Every case of tests/fixtures/bayes_meta_regression_reference.csv, in file order.
inline std::vector<RegressionCase> regression_cases() {
  const CsvTable t = read_csv(fixture_path("bayes_meta_regression_reference.csv"));
  const auto column = [&](const char* name) { return t.column(name).value(); };
  const std::size_t id = column("case"), quantity = column("quantity"), name = column("name"),
                    value = column("value");
  std::vector<RegressionCase> out;
  for (const CsvRow& row : t.rows) {
    const auto& f = row.fields;
    if (out.empty() || out.back().id != f[id])
      out.push_back(regression_case(f[id], f[column("file")], f[column("mods")], f[column("rows")],
                                    f[column("tau_prior")], f[column("intercept_prior")],
                                    f[column("beta_prior")]));
    out.back().values[f[quantity] + " " + f[name]] = std::stod(f[value]);
  }
  return out;
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_BAYES_REGRESSION_CASES_HPP
