// The cases of tests/fixtures/exact_cases.csv, whose exact posteriors an independent quadrature
// in R computed (tests/reference/exact_reference.R, tests/fixtures/exact_reference.csv): k = 1,
// 2, 6, 9, 13 and 37; tau near 0 and large; seven tau priors; flat and normal mu priors; both
// directions of benefit.
#ifndef METAMC_TESTS_EXACT_CASES_HPP
#define METAMC_TESTS_EXACT_CASES_HPP

#include <map>
#include <string>
#include <vector>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/text.hpp"
#include "test_paths.hpp"

namespace metamc::testing {

struct ExactCase {
  Group group;
  std::string tau_prior, mu_prior;  // as the fixture writes them
  BayesQuestion question;
};

inline std::map<std::string, ExactCase> exact_cases() {
  std::map<std::string, ExactCase> out;
  const CsvTable cases = read_csv(fixture_path("exact_cases.csv"));
  for (const CsvRow& c : cases.rows) {
    StudyReaderOptions options;
    if (!c.fields[2].empty()) options.by = split(c.fields[2], ';');
    std::vector<std::string> warnings;
    for (const Group& g :
         read_groups(read_csv(source_dir() + "/" + c.fields[1]), options, warnings)) {
      if (describe(g.key) != c.fields[3]) continue;
      BayesQuestion question;
      question.benefit = *parse_benefit(c.fields[6]);
      if (!c.fields[7].empty()) question.threshold = std::stod(c.fields[7]);
      out[c.fields[0]] = {g, c.fields[4], c.fields[5], question};
    }
  }
  return out;
}

/// The reference values, case -> quantity -> value (Inf where the moment does not exist).
inline std::map<std::string, std::map<std::string, double>> exact_reference() {
  std::map<std::string, std::map<std::string, double>> out;
  for (const CsvRow& row : read_csv(fixture_path("exact_reference.csv")).rows)
    out[row.fields[0]][row.fields[1]] = std::stod(row.fields[2]);
  return out;
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_EXACT_CASES_HPP
