// What a run produces, as the reports read it: per group the frequentist fits and the Bayesian
// posterior, the run's configuration, warnings and where the chains ran. Types only: the reports
// depend on the results, not on the code that makes them (run/analysis.hpp).
#ifndef METAMC_RUN_RESULTS_HPP
#define METAMC_RUN_RESULTS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metamc/data/study.hpp"
#include "metamc/frequentist/binomial_glmm.hpp"
#include "metamc/frequentist/meta_regression.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/frequentist/subgroup_difference.hpp"
#include "metamc/mcmc/sinks/group_draws.hpp"
#include "metamc/posterior/posterior_summary.hpp"
#include "metamc/posterior/regression_summary.hpp"
#include "metamc/run/run_config.hpp"
#include "models/model_kind.hpp"

namespace metamc {

/// What a run actually used (run/fit_bayes.hpp decides).
struct BackendChoice {
  Backend backend = Backend::cpu;  // cpu or cuda, never automatic
  int device = -1;                 // CUDA device, -1 on the CPU
  std::string device_name;         // "" on the CPU
  bool streamed = false;           // summary mode: no draws kept (mcmc/sinks/summary_sink.hpp)
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

/// --mods: the meta-regression of one group, by REML and DL, and Bayesian.
struct MetaRegression {
  MetaRegressionFit reml, dl;
  std::vector<std::string> dropped;      // studies without every moderator, left out
  std::optional<BayesRegression> bayes;  // none where its fit failed (a note says why)
};

/// --tau-prior given again, or --prior-grid: the group's Bayesian fit under another tau prior.
struct PriorSensitivity {
  TauPrior tau_prior;
  BayesResult bayes;
};

struct GroupResult {
  Group group;
  FrequentistFit dl, reml, pm;
  std::optional<GlmmFit> glmm;  // odds ratios from 2x2 tables, where it has an estimate
  std::optional<MetaRegression> meta_regression;  // --mods, where the design has an estimate
  BayesResult bayes;
  std::vector<PriorSensitivity> sensitivity;  // one per RunConfig::other_tau_priors
  ModelKind model = ModelKind::normal;        // the Bayesian model the group was fitted with
  std::optional<double> threshold;            // --threshold on the analysis scale
  // The group's place among all groups of the run, of which a shard (--shard) analyses some: the
  // stream group of its chains' random numbers, so that they do not depend on the sharding.
  std::uint32_t stream_group = 0;
};

/// --subgroup: the levels of one --by group, analysed apart (GroupResults whose key ends with the
/// subgroup column), and the test for differences between them.
struct SubgroupTest {
  GroupKey key;                        // the --by group: the members' keys without the subgroup
  std::vector<std::size_t> members;    // into AnalysisReport::groups, levels in order of appearance
  Tau2Method method = Tau2Method::DL;  // whose estimates are compared (--tau-method)
  SubgroupDifference test;
  // The Bayesian meta-regression on the subgroup indicators with a common tau: coefficient
  // "subgroup=level" is the contrast mu_level - mu_reference; the reference is the first level.
  std::optional<BayesRegression> bayes_contrast;
  Benefit benefit = Benefit::lower;  // the members' favourable side
  std::vector<std::string> notes;    // why there is no Bayesian contrast, ...
  std::uint32_t stream_group = 0;    // the test's place among all tests of the run (--shard)
};

struct AnalysisReport {
  RunConfig config;
  std::vector<GroupResult> groups;
  std::vector<SubgroupTest> subgroup_tests;  // --subgroup: one per --by group
  std::vector<std::string> warnings;         // printed on standard error
  BackendChoice backend;                     // where the chains ran
  double seconds = 0;                        // wall time of the whole analysis
  std::size_t run_groups = 0;  // groups of the whole run: more than groups.size() in a shard
};

}  // namespace metamc

#endif  // METAMC_RUN_RESULTS_HPP
