// The marks the plots share: intervals on the effect axis (with an arrow where they leave it),
// the axis itself with its ticks, and text columns measured in the plots' font.
#ifndef METAMC_PLOTS_PLOT_MARKS_HPP
#define METAMC_PLOTS_PLOT_MARKS_HPP

#include <string>

#include "metamc/interval.hpp"
#include "metamc/plots/axis.hpp"
#include "metamc/plots/svg_writer.hpp"

namespace metamc {

constexpr double kFontSize = 12;
constexpr double kSmallFontSize = 10.5;
constexpr const char* kInk = "#1a1a1a";
constexpr const char* kBayesColour = "#1f4e9c";  // Bayesian marks
constexpr const char* kDlColour = "#444444";     // DL marks

/// True where both ends are finite.
bool is_finite(const Interval& i);

/// A horizontal interval line at height y, clamped to the axis, with an arrowhead at each end
/// that leaves it (data-clipped="lower", "upper" or "both" then).
void interval_line(SvgWriter& svg, const Axis& axis, const Interval& i, double y,
                   const SvgAttributes& attributes, double stroke_width = 1.2);

/// The axis line at height y with its ticks and their labels, and `title` under them.
/// Returns the height used below y.
double draw_axis(SvgWriter& svg, const Axis& axis, double y, const std::string& title);

}  // namespace metamc

#endif  // METAMC_PLOTS_PLOT_MARKS_HPP
