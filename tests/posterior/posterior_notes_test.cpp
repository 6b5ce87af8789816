// The notes of posterior/posterior_notes.hpp: when each is added, and that its advice fits the
// group's model.
#include "metamc/posterior/posterior_notes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "metamc/model/prior_parse.hpp"

namespace metamc {
namespace {

// Two studies that disagree (log HRs 0.1 and 0.9), as in tests/cli/report_labels_test.cpp.
const std::vector<double> kY{0.1, 0.9}, kS2{0.04, 0.09};

NormalNormalData two_studies(const char* tau_prior) {
  NormalNormalData d;
  d.k = 2;
  d.y = kY.data();
  d.s2 = kS2.data();
  d.tau_prior = parse_tau_prior(tau_prior);
  return d;
}

// A fit whose R-hat and ESS are fine; HMC's fields set when `hmc`.
BayesResult converged(bool hmc) {
  McmcDiagnostics m;
  m.rhat = 1.001;
  m.ess_bulk = m.ess_tail = 30000;
  m.chains = 64;
  m.draws_per_chain = 1000;
  if (hmc) {
    m.nested_rhat = 1.002;
    m.step_size = 0.1;
    m.leapfrog_steps = 15;
  }
  BayesResult r;
  r.tau.ci = {0.01, 1.5};
  r.diagnostics = m;
  return r;
}

std::string notes_of(const BayesResult& r) {
  std::string all;
  for (const std::string& n : r.notes) all += n + "\n";
  return all;
}

bool has(const BayesResult& r, const std::string& text) {
  return notes_of(r).find(text) != std::string::npos;
}

TEST(PosteriorNotes, DivergencesAdviseWhatTheModelAllows) {
  const NormalNormalData d = two_studies("halfnormal(0.5)");
  BayesResult normal = converged(true), binomial = converged(true);
  normal.diagnostics->divergences = binomial.diagnostics->divergences = 3;
  add_posterior_notes(d, ModelKind::normal, normal);
  add_posterior_notes(d, ModelKind::binomial, binomial);
  EXPECT_TRUE(has(normal, "3 of 64000 HMC transitions diverged")) << notes_of(normal);
  EXPECT_TRUE(has(normal, "--sampler collapsed has no such problem")) << notes_of(normal);
  // The collapsed sampler cannot fit the binomial model: it is not offered for it.
  EXPECT_TRUE(has(binomial, "3 of 64000 HMC transitions diverged")) << notes_of(binomial);
  EXPECT_FALSE(has(binomial, "--sampler collapsed")) << notes_of(binomial);
  EXPECT_TRUE(has(binomial, "the binomial model has HMC only")) << notes_of(binomial);

  BayesResult clean = converged(true);
  add_posterior_notes(d, ModelKind::normal, clean);
  EXPECT_TRUE(clean.notes.empty()) << notes_of(clean);
}

TEST(PosteriorNotes, RhatNoteNamesTheRhatsThereAre) {
  const NormalNormalData d = two_studies("halfnormal(0.5)");
  BayesResult collapsed = converged(false), hmc = converged(true);
  collapsed.diagnostics->rhat = 1.02;
  hmc.diagnostics->nested_rhat = 1.03;
  add_posterior_notes(d, ModelKind::normal, collapsed);
  add_posterior_notes(d, ModelKind::normal, hmc);
  EXPECT_TRUE(has(collapsed, "R-hat 1.020: the chains may not have converged (want it below 1.01)"))
      << notes_of(collapsed);
  EXPECT_TRUE(has(hmc,
                  "R-hat 1.001, nested R-hat 1.030: the chains may not have converged (want "
                  "both below 1.01)"))
      << notes_of(hmc);
}

TEST(PosteriorNotes, UniformBoundIsJudgedAtTheBoundItself) {
  // With k = 2 and a flat prior on mu the posterior of log tau rises to any bound: the note is due
  // for every b, also where exp(log b) rounds above b (3, 10, 100), outside the prior's support.
  for (const char* prior :
       {"uniform(0, 2)", "uniform(0, 3)", "uniform(0, 10)", "uniform(0, 100)"}) {
    BayesResult r;
    add_posterior_notes(two_studies(prior), ModelKind::normal, r);
    EXPECT_TRUE(has(r, "piles up against the upper bound")) << prior << "\n" << notes_of(r);
  }
}

}  // namespace
}  // namespace metamc
