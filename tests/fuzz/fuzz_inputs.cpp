// libFuzzer harness over everything that reads user input: the CSV reader, the study reader, the
// frequentist fits and the exact posterior of what they accept, and the prior parsers. Any
// exception that is not a metamc::Error, any crash and any sanitizer report is a finding.
// Built by scripts/fuzz.sh (clang with libFuzzer); not a ctest test.
//
// Input layout: the first line is a --tau-prior text, the second a --mu-prior text, the third a
// --by column list; the rest is the CSV file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/error.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/run/analysis.hpp"
#include "metamc/text.hpp"

namespace {

std::string next_line(std::istringstream& in) {
  std::string line;
  std::getline(in, line);
  return line;
}

void fuzz_one(const std::string& input) {
  std::istringstream in(input);
  const std::string tau_text = next_line(in), mu_text = next_line(in), by = next_line(in);
  metamc::TauPrior tau_prior = metamc::make_tau_prior(metamc::TauPriorKind::half_normal, 0.5);
  metamc::MuPrior mu_prior;
  try {
    tau_prior = metamc::parse_tau_prior(tau_text);
  } catch (const metamc::Error&) {
  }
  try {
    mu_prior = metamc::parse_mu_prior(mu_text);
  } catch (const metamc::Error&) {
  }
  metamc::StudyReaderOptions options;
  if (!by.empty()) options.by = metamc::split(by, ',');
  std::vector<std::string> warnings;
  const auto groups = metamc::read_groups(metamc::parse_csv(in, "fuzz.csv"), options, warnings);
  for (const metamc::Group& group : groups) {
    if (group.k() > 50) continue;  // keep each input fast
    metamc::analyse_group(group, 0.95);
    const metamc::GroupModel model(group, tau_prior, mu_prior);
    metamc::exact_posterior(model.data(), metamc::BayesQuestion{group.benefit, 0.95, -0.2});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    fuzz_one(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const metamc::Error&) {
    // Rejected input, with a message: what metamc should do.
  }
  return 0;
}
