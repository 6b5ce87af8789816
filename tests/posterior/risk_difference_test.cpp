// The absolute risk difference at the median control risk: the maps for RR and OR (worked by
// hand), the cap at a treated risk of 1, the median over every table, and the quantiles carried
// through the map.
#include "metamc/posterior/risk_difference.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace metamc {
namespace {

Study table(long events_ctl, long total_ctl) {
  Study s;
  s.counts = TwoByTwo{1, 10, events_ctl, total_ctl};
  return s;
}

TEST(RiskDifference, MapsOfRiskAndOddsRatios) {
  // RR 1.5 at 20%: 30% - 20%. OR 2 at 20%: odds 0.25 -> 0.5, risk 1/3.
  EXPECT_NEAR(risk_difference(Measure::RR, 0.2, std::log(1.5)), 0.1, 1e-15);
  EXPECT_NEAR(risk_difference(Measure::OR, 0.2, std::log(2.0)), 1.0 / 3 - 0.2, 1e-15);
  // RR 2 at 60% would be a risk of 120%: it stops at 100%.
  EXPECT_NEAR(risk_difference(Measure::RR, 0.6, std::log(2.0)), 0.4, 1e-15);
  EXPECT_NEAR(risk_difference(Measure::OR, 0.6, std::log(50.0)), 30 / 30.4 - 0.6, 1e-15);
  EXPECT_EQ(risk_difference(Measure::RR, 0.3, 0), 0);
}

TEST(RiskDifference, MedianControlRiskCountsTheLeftOutTables) {
  Group g;
  g.measure = Measure::RR;
  g.studies = {table(3, 38), table(7, 49), table(20, 24)};
  g.uninformative = {table(0, 31)};
  // 0, 3/38, 7/49, 20/24: the mean of the middle two.
  EXPECT_NEAR(*median_control_risk(g), 0.5 * (3.0 / 38 + 7.0 / 49), 1e-15);
  g.studies.push_back(Study{});  // a study without counts
  EXPECT_FALSE(median_control_risk(g));
}

TEST(RiskDifference, CarriesTheQuantilesThroughTheMap) {
  Group g;
  g.measure = Measure::RR;
  g.studies = {table(10, 100), table(30, 100), table(20, 100)};  // median 20%
  BayesResult b;
  b.mu.median = std::log(1.5);
  b.mu.ci = {std::log(0.5), std::log(3.0)};
  b.pred_median = std::log(1.4);
  b.pred_interval = {std::log(0.25), std::log(8.0)};
  const RiskDifference d = *risk_difference_of(g, b);
  EXPECT_NEAR(d.control_risk, 0.2, 1e-15);
  EXPECT_NEAR(d.median, 0.1, 1e-15);
  EXPECT_NEAR(d.ci.lower, -0.1, 1e-15);
  EXPECT_NEAR(d.ci.upper, 0.4, 1e-15);
  EXPECT_NEAR(d.pred_median, 0.08, 1e-15);
  EXPECT_NEAR(d.pred_interval.lower, -0.15, 1e-15);
  EXPECT_NEAR(d.pred_interval.upper, 0.8, 1e-15);  // 160% stops at 100%
  g.measure = Measure::HR;
  EXPECT_FALSE(risk_difference_of(g, b));
}

}  // namespace
}  // namespace metamc
