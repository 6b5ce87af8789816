// The per-group steps of a run: frequentist fits with their notes, and errors that name the
// group. (src/analysis.cpp)
#include "metamc/run/analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "metamc/error.hpp"

namespace metamc {
namespace {

Group group_of(const std::vector<std::pair<double, double>>& effects) {
  Group g;
  g.key = {{"outcome", "PFS"}};
  for (const auto& [yi, sei] : effects)
    g.studies.push_back(Study{"s", yi, sei, false, 0, 0, std::nullopt, {}});
  return g;
}

TEST(AnalyseGroup, NumbersBeyondDoublePrecisionNameTheGroup) {
  // Read from a file these are refused at their cell; built in code they reach the fits, whose
  // failure must still say where and what to do rather than name an internal function.
  try {
    analyse_group(group_of({{1e300, 0.2}, {-1e300, 0.25}}), 0.95);
    FAIL() << "no error";
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("group outcome=PFS: ", 0), 0u) << what;
    EXPECT_NE(what.find("rescale them"), std::string::npos) << what;
  }
}

TEST(AnalyseGroup, NotesAnEstimateOutsideItsQProfileInterval) {
  // BCG log risk ratios (metafor dat.bcg) at a 1e-10 level: the Q-profile interval shrinks to the
  // tau^2 at which the generalised Q equals the median of chi^2(12), 11.34; the PM estimate
  // solves Q = 12 and lies below it, as do DL (0.309) and REML (0.313).
  const Group g = group_of({{-0.8893, 0.5706},
                            {-1.5854, 0.4411},
                            {-1.3481, 0.6426},
                            {-1.4416, 0.1415},
                            {-0.2175, 0.2261},
                            {-0.7861, 0.0831},
                            {-1.6209, 0.4724},
                            {0.0120, 0.0630},
                            {-0.4694, 0.2386},
                            {-1.3713, 0.2710},
                            {-0.3394, 0.1116},
                            {0.4459, 0.7297},
                            {-0.0173, 0.2672}});
  const GroupResult r = analyse_group(g, 1e-10);
  ASSERT_EQ(r.group.notes.size(), 3u);
  EXPECT_EQ(r.group.notes[0].rfind("the DL estimate of tau^2 (0.309) lies outside the Q-profile "
                                   "interval [0.",
                                   0),
            0u)
      << r.group.notes[0];
  EXPECT_EQ(r.group.notes[1].rfind("the REML estimate", 0), 0u);
  EXPECT_EQ(r.group.notes[2].rfind("the PM estimate of tau^2 (0.318)", 0), 0u) << r.group.notes[2];
  EXPECT_TRUE(analyse_group(g, 0.95).group.notes.empty());
}

TEST(AnalyseGroup, NotesAnHksjIntervalNarrowerThanTheWaldInterval) {
  // Two studies with equal standard errors 0.1, effects d apart: tau^2 = 0 for DL, REML and PM
  // (Q = d^2 / 0.02 < 1), and HKSJ's interval is mu +- t(1) sqrt(Q) SE against Wald's mu +- z SE:
  // narrower exactly when Q < (z / t(1))^2 = (1.959964 / 12.706205)^2 = 0.023793.
  const auto notes_for = [](double q) {
    const double d = std::sqrt(q * 0.02);
    return analyse_group(group_of({{-0.5, 0.1}, {-0.5 + d, 0.1}}), 0.95).group.notes;
  };
  const std::vector<std::string> narrower = notes_for(0.0235);
  ASSERT_EQ(narrower.size(), 1u);
  EXPECT_EQ(narrower[0].rfind("the HKSJ interval is narrower than the Wald interval for DL (q = "
                              "0.0235), REML (q = 0.0235) and PM (q = 0.0235): ",
                              0),
            0u)
      << narrower[0];
  EXPECT_NE(narrower[0].find("takes t(1) for z; q below (z / t)^2 = 0.0238 narrows"),
            std::string::npos)
      << narrower[0];
  EXPECT_NE(narrower[0].find("test = \"adhoc\") uses max(q, 1)"), std::string::npos);
  EXPECT_TRUE(notes_for(0.0241).empty());
}

}  // namespace
}  // namespace metamc
