// read_json_report: a fit's JSON read back gives the same table, JSON (timings included) and CSV
// again, to the last digit: exact fits with meta-regressions, a prior grid and a threshold;
// subgroups with their MCMC contrasts; a group of counts by HMC with continuity corrections and
// the GLMM. (merge builds on this: tests/cli/fit_merge_test.cpp.)
#include "metamc/run/report_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "metamc/model/prior_parse.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/run/analysis.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

RunConfig short_mcmc(const std::string& fixture) {
  RunConfig c;
  c.input = testing::fixture_path(fixture);
  c.quiet = true;
  c.sampler.chains = 16;
  c.sampler.warmup = 100;
  c.sampler.draws = 100;
  return c;
}

template <typename Write>
std::string written(Write write, const AnalysisReport& report) {
  std::ostringstream out;
  write(out, report);
  return out.str();
}

void expect_reads_back(const AnalysisReport& report) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("metamc_report_reader_" + std::to_string(::getpid()) + ".json"))
                               .string();
  const std::string json = written(write_json, report);
  std::ofstream(path) << json;
  const AnalysisReport read = read_json_report(JsonDocument(path, "the report"));
  std::filesystem::remove(path);
  EXPECT_EQ(written(write_json, read), json);
  EXPECT_EQ(written(write_table, read), written(write_table, report));
  EXPECT_EQ(written(write_csv, read), written(write_csv, report));
  ASSERT_EQ(read.groups.size(), report.groups.size());
  for (std::size_t i = 0; i < read.groups.size(); ++i)
    EXPECT_EQ(read.groups[i].group.key, report.groups[i].group.key);
}

TEST(ReportReader, ExactFitsWithMetaRegressionsAndAPriorGrid) {
  RunConfig c;
  c.input = testing::fixture_path("bcg_alloc.csv");
  c.by = {"alloc"};
  c.mods = {"ablat"};
  c.method = BayesMethod::exact;
  c.threshold = 0.8;
  c.other_tau_priors = {parse_tau_prior("halfcauchy(1)"), parse_tau_prior("uniform(0, 2)")};
  const AnalysisReport report = run_analysis(c);
  ASSERT_TRUE(report.groups.at(0).meta_regression && report.groups[0].meta_regression->bayes);
  ASSERT_EQ(report.groups[0].sensitivity.size(), 2u);
  expect_reads_back(report);
}

TEST(ReportReader, SubgroupsWithTheirMcmcContrasts) {
  RunConfig c = short_mcmc("isatuximab_cytogenetics.csv");
  c.by = {"setting"};
  c.subgroup = "subgroup";
  const AnalysisReport report = run_analysis(c);
  ASSERT_TRUE(report.subgroup_tests.at(0).bayes_contrast);
  ASSERT_TRUE(report.subgroup_tests[0].bayes_contrast->diagnostics);
  expect_reads_back(report);
}

TEST(ReportReader, CountsByHmcWithContinuityCorrections) {
  RunConfig c = short_mcmc("nielweise2007.csv");
  c.other_tau_priors = {parse_tau_prior("halfnormal(1)")};
  const AnalysisReport report = run_analysis(c);
  ASSERT_TRUE(report.groups.at(0).glmm);
  ASSERT_FALSE(report.groups[0].bayes.control_risks.empty());
  expect_reads_back(report);
}

}  // namespace
}  // namespace metamc
