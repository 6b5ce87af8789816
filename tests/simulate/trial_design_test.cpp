// The designs of simulate: what a group keeps (standard errors, or arm sizes and observed control
// risks kept off 0 and 1), and the replicates drawn from it: over many replicates the events of
// each arm have the binomial mean n p of the risk the true OR or RR gives it (within 5 standard
// errors), the RR's experimental risk stops at 1, and a replicate depends on its coordinates.
#include "metamc/simulate/trial_design.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace metamc {
namespace {

Study table(long a, long n1, long c, long n2) {
  Study s;
  s.counts = TwoByTwo{a, n1, c, n2};
  s.sei = 0.3;
  return s;
}

TEST(TrialDesign, KeepsArmSizesAndControlRisksOfTables) {
  Group g;
  g.measure = Measure::RR;
  g.benefit = Benefit::higher;
  g.studies = {table(8, 154, 0, 153), table(53, 179, 16, 123)};  // RRMM MRD negativity
  g.uninformative = {table(0, 20, 0, 25)};
  const StudyDesign d = design_of(g);
  ASSERT_TRUE(d.counts);
  ASSERT_EQ(d.k(), 3);  // the table without events is a trial of the design
  EXPECT_EQ(d.trials[0].treated, 154);
  EXPECT_EQ(d.trials[0].control, 153);
  EXPECT_DOUBLE_EQ(d.trials[0].control_risk, 0.5 / 154);  // no control events
  EXPECT_DOUBLE_EQ(d.trials[1].control_risk, 16.0 / 123);
  EXPECT_DOUBLE_EQ(d.trials[2].control_risk, 0.5 / 26);
  EXPECT_EQ(d.benefit, Benefit::higher);
  // Effect sizes without tables keep their standard errors.
  Group hr;
  hr.measure = Measure::HR;
  hr.studies = {table(1, 2, 1, 2), table(1, 2, 1, 2)};
  hr.studies[0].counts.reset();
  const StudyDesign normal = design_of(hr);
  EXPECT_FALSE(normal.counts);
  EXPECT_EQ(normal.trials[1].se, 0.3);
}

TEST(TrialDesign, ArmsHaveTheRisksOfTheTrueRatio) {
  StudyDesign d;
  d.counts = true;
  d.trials = {TrialDesign{0, 200, 180, 0.2}, TrialDesign{0, 50, 60, 0.7}};
  const int replicates = 4000;
  for (const Measure m : {Measure::OR, Measure::RR}) {
    d.measure = m;
    const Scenario s{0, std::log(1.5)};  // tau = 0: every trial's ratio is 1.5
    double treated[2] = {0, 0}, control[2] = {0, 0};
    for (int r = 0; r < replicates; ++r) {
      const auto tables =
          simulate_tables(d, s, ReplicateStream{seed_key(5), 2, 1, static_cast<std::uint32_t>(r)});
      for (int i = 0; i < 2; ++i) {
        treated[i] += static_cast<double>(tables[static_cast<std::size_t>(i)].events_exp);
        control[i] += static_cast<double>(tables[static_cast<std::size_t>(i)].events_ctl);
      }
    }
    for (int i = 0; i < 2; ++i) {
      const TrialDesign& t = d.trials[static_cast<std::size_t>(i)];
      const double pc = t.control_risk;
      const double pt = m == Measure::OR ? 1.5 * pc / (1 - pc + 1.5 * pc) : std::min(1.0, 1.5 * pc);
      const auto mean_near = [&](double sum, long n, double p) {
        const double se = std::sqrt(n * p * (1 - p) / replicates);
        EXPECT_NEAR(sum / replicates, n * p, 5 * se + 1e-12) << to_string(m) << " trial " << i;
      };
      mean_near(control[i], t.control, pc);
      mean_near(treated[i], t.treated, pt);  // RR, 0.7 x 1.5: every patient has an event
    }
  }
}

TEST(TrialDesign, AReplicateDependsOnItsCoordinates) {
  const StudyDesign d = normal_design({0.1, 0.2, 0.3}, Benefit::lower);
  double a[3], b[3], c[3];
  simulate_effects(d, {0.2, 0}, ReplicateStream{seed_key(1), 0, 0, 7}, a);
  simulate_effects(d, {0.2, 0}, ReplicateStream{seed_key(1), 0, 0, 7}, b);
  simulate_effects(d, {0.2, 0}, ReplicateStream{seed_key(1), 0, 0, 8}, c);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
  EXPECT_NE(a[0], c[0]);
}

}  // namespace
}  // namespace metamc
