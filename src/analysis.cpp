#include "metamc/analysis.hpp"

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"

namespace metamc {

GroupResult analyse_group(const Group& group, double level) {
  Eigen::ArrayXd y(group.k()), v(group.k());
  for (std::size_t i = 0; i < group.k(); ++i) {
    y[i] = group.studies[i].yi;
    v[i] = group.studies[i].sei * group.studies[i].sei;
  }
  GroupResult result;
  result.group = group;
  result.dl = fit_frequentist(y, v, Tau2Method::DL, level);
  result.reml = fit_frequentist(y, v, Tau2Method::REML, level);
  result.pm = fit_frequentist(y, v, Tau2Method::PM, level);
  return result;
}

AnalysisReport run_analysis(const RunConfig& config) {
  AnalysisReport report;
  report.config = config;
  const CsvTable table = read_csv(config.input);
  StudyReaderOptions options;
  options.by = config.by;
  options.default_measure = config.default_measure;
  options.default_benefit = config.default_benefit;
  for (const Group& group : read_groups(table, options, report.warnings))
    report.groups.push_back(analyse_group(group, config.level));
  return report;
}

}  // namespace metamc
