// How the reports write numbers for people (reports/report_format.hpp).
#include "metamc/reports/report_format.hpp"

#include <gtest/gtest.h>

namespace metamc {
namespace {

TEST(ReportFormat, ProbabilitiesNeverClaimCertainty) {
  EXPECT_EQ(probability(0.5), "0.500");
  EXPECT_EQ(probability(0.9994), "0.999");
  EXPECT_EQ(probability(0.9995), ">0.999");  // would print 1.000
  EXPECT_EQ(probability(1.0), ">0.999");     // every draw favourable: an estimate, not a proof
  EXPECT_EQ(probability(0.0006), "0.001");
  EXPECT_EQ(probability(0.0004), "<0.001");
  EXPECT_EQ(probability(0.0), "<0.001");
  // In running text: "P(HR < 1) = 0.512", "P(HR < 1) > 0.999".
  EXPECT_EQ(probability_after(0.512), " = 0.512");
  EXPECT_EQ(probability_after(0.99999), " > 0.999");
  EXPECT_EQ(probability_after(1e-9), " < 0.001");
}

TEST(ReportFormat, PValuesAndLevels) {
  EXPECT_EQ(p_value(0.00005), "<0.0001");
  EXPECT_EQ(p_value(0.0004), "0.0004");
  EXPECT_EQ(p_value(0.0123), "0.012");
  EXPECT_EQ(p_value(0.456), "0.456");
  EXPECT_EQ(level_label(0.95), "95%");
  EXPECT_EQ(level_label(0.985), "98.5%");
}

}  // namespace
}  // namespace metamc
