// The forest plot of one group, laid out as RevMan's and metafor's forest(): per study its label,
// its data, the DL weight, the estimate and interval as text, a square sized by weight and the
// interval on the effect axis, and its shrunken Bayesian estimate as an open marker; then the DL
// and Bayesian pooled diamonds, the prediction intervals as bars, the heterogeneity and
// P(benefit), and the axis with the line of no effect and the sides it favours.
//
// Every number comes from the group's results, as the table and JSON report them. Elements carry
// classes (study-square, study-ci, shrunken, pooled-dl, pooled-bayes, pi-bayes, pi-dl, tick) and
// data-index, so that tests and users' scripts can find them.
#ifndef METAMC_PLOTS_FOREST_PLOT_HPP
#define METAMC_PLOTS_FOREST_PLOT_HPP

#include <string>

#include "metamc/run/results.hpp"

namespace metamc {

/// The SVG document.
std::string forest_plot_svg(const GroupResult& result, const RunConfig& config);

/// --subgroup: the levels of one --by group in blocks (a heading, the studies, subtotals and
/// heterogeneity per level) on one axis, with the test for subgroup differences and the Bayesian
/// contrasts beneath, as RevMan lays them out. Levels carry class subgroup-label.
std::string subgroup_forest_plot_svg(const AnalysisReport& report, const SubgroupTest& test);

}  // namespace metamc

#endif  // METAMC_PLOTS_FOREST_PLOT_HPP
