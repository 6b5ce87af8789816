// The effect axis of the plots: a linear map from the analysis scale to pixels, with ticks at
// readable values on the reported scale (0.25, 0.5, 1, 2, 4 for ratios; 1-2-5 steps otherwise).
// Ratio measures are analysed on the log scale, so their axis is logarithmic in the ratio.
#ifndef METAMC_PLOTS_AXIS_HPP
#define METAMC_PLOTS_AXIS_HPP

#include <string>
#include <vector>

namespace metamc {

struct AxisTick {
  double value;       // on the analysis scale
  std::string label;  // on the reported scale
};

struct Axis {
  bool ratio = false;
  double lower = 0, upper = 1;  // analysis scale, at the left and right ends
  double left = 0, right = 1;   // px
  std::vector<AxisTick> ticks;

  double px(double value) const {
    return left + (value - lower) / (upper - lower) * (right - left);
  }
  bool inside(double value) const { return value >= lower && value <= upper; }
  /// `value` moved onto the axis.
  double clamp(double value) const;
};

/// An axis over at least [lower, upper] (analysis scale, finite, lower <= upper), widened to the
/// ticks that enclose it, drawn from `left` to `right` px.
Axis make_axis(double lower, double upper, bool ratio, double left, double right);

}  // namespace metamc

#endif  // METAMC_PLOTS_AXIS_HPP
