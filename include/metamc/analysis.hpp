// One run: read the studies, analyse every group both ways, collect the results for the reports.
#ifndef METAMC_ANALYSIS_HPP
#define METAMC_ANALYSIS_HPP

#include <optional>
#include <string>
#include <vector>

#include "metamc/bayes/posterior_summary.hpp"
#include "metamc/data/study.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/progress.hpp"
#include "metamc/run_config.hpp"
#include "metamc/sampler/group_draws.hpp"

namespace metamc {

/// What a run actually used (bayes/fit_groups.hpp).
struct BackendChoice {
  Backend backend = Backend::cpu;  // cpu or cuda, never automatic
  int device = -1;                 // CUDA device, -1 on the CPU
  std::string device_name;         // "" on the CPU
  bool streamed = false;           // summary mode: no draws kept (sampler/chain_summary.hpp)
  double draws_budget = 0;         // bytes of draws (and their diagnostics) held at once
};

/// Receives each group's draws (--draws-out) as soon as they are summarised, in group order, so
/// that a run never holds more draws than it samples at once.
class DrawsConsumer {
 public:
  virtual ~DrawsConsumer() = default;
  /// Called once, with every group to be analysed, before the first draws.
  virtual void begin(const std::vector<Group>& groups) = 0;
  virtual void consume(const Group& group, const GroupDraws& draws) = 0;
};

struct GroupResult {
  Group group;
  FrequentistFit dl, reml, pm;
  BayesResult bayes;
  std::optional<double> threshold;  // --threshold on the analysis scale
};

struct AnalysisReport {
  RunConfig config;
  std::vector<GroupResult> groups;
  std::vector<std::string> warnings;  // printed on standard error
  BackendChoice backend;              // where the chains ran
  double seconds = 0;                 // wall time of the whole analysis
};

/// The frequentist fits of one group. DataError, naming the group, when its numbers defeat
/// double precision.
GroupResult analyse_group(const Group& group, double level);

/// --threshold on the analysis scale of a group (log for ratio measures); UsageError when a ratio
/// threshold is not positive.
std::optional<double> analysis_threshold(const RunConfig& config, Measure measure);

/// Reads config.input and analyses every group; hands the draws to `draws` (--draws-out) and
/// reports how far it has come to `progress`, when given.
AnalysisReport run_analysis(const RunConfig& config, DrawsConsumer* draws = nullptr,
                            Progress* progress = nullptr);

}  // namespace metamc

#endif  // METAMC_ANALYSIS_HPP
