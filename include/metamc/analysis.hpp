// One run: read the studies, analyse every group, collect the results for the reports.
#ifndef METAMC_ANALYSIS_HPP
#define METAMC_ANALYSIS_HPP

#include <string>
#include <vector>

#include "metamc/data/study.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/run_config.hpp"

namespace metamc {

struct GroupResult {
  Group group;
  FrequentistFit dl, reml, pm;
};

struct AnalysisReport {
  RunConfig config;
  std::vector<GroupResult> groups;
  std::vector<std::string> warnings;  // printed on standard error
};

/// The frequentist fits of one group.
GroupResult analyse_group(const Group& group, double level);

/// Reads config.input and analyses every group.
AnalysisReport run_analysis(const RunConfig& config);

}  // namespace metamc

#endif  // METAMC_ANALYSIS_HPP
