// One run: read the studies, analyse every group both ways, collect the results for the reports.
#ifndef METAMC_RUN_ANALYSIS_HPP
#define METAMC_RUN_ANALYSIS_HPP

#include <functional>
#include <optional>

#include "metamc/progress.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// The frequentist fits of one group, with its meta-regression on `mods` (--mods; its studies
/// carry their values) when there are any. DataError, naming the group, when its numbers defeat
/// double precision; a design without an estimate is a note, not an error.
GroupResult analyse_group(const Group& group, double level,
                          const std::vector<std::string>& mods = {});

/// --threshold on the analysis scale of a group (log for ratio measures); UsageError when a ratio
/// threshold is not positive.
std::optional<double> analysis_threshold(const RunConfig& config, Measure measure);

/// Reads config.input and analyses every group; hands the draws to `draws` (--draws-out) and
/// reports how far it has come to `progress`, when given. The report's config records the
/// sampler that --sampler resolved to.
/// The Bayesian model of a group under config.model_choice (run_config.hpp); UsageError when
/// --model binomial meets a group without counts.
ModelKind model_for(const RunConfig& config, const Group& group);

/// Called once the groups are read and their frequentist fits done, before the Bayesian fits:
/// where outputs named after the groups (--plot) are resolved and refused before the long part.
using BeforeBayes = std::function<void(const AnalysisReport&)>;

AnalysisReport run_analysis(const RunConfig& config, DrawsConsumer* draws = nullptr,
                            Progress* progress = nullptr, const BeforeBayes& before_bayes = {});

}  // namespace metamc

#endif  // METAMC_RUN_ANALYSIS_HPP
