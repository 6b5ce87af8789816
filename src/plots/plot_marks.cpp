#include "metamc/plots/plot_marks.hpp"

#include <cmath>

#include "metamc/text.hpp"

namespace metamc {

bool is_finite(const Interval& i) {
  return std::isfinite(i.lower) && std::isfinite(i.upper);
}

void interval_line(SvgWriter& svg, const Axis& axis, const Interval& i, double y,
                   const SvgAttributes& attributes, double stroke_width) {
  const bool below = i.lower<axis.lower, above = i.upper> axis.upper;
  SvgAttributes a = attributes;
  a.push_back({"stroke-width", svg_number(stroke_width)});
  if (below || above)
    a.push_back({"data-clipped", below && above ? "both" : below ? "lower" : "upper"});
  const double x1 = axis.px(axis.clamp(i.lower)), x2 = axis.px(axis.clamp(i.upper));
  svg.line(x1, y, x2, y, a);
  const auto arrow = [&](double x, double direction) {
    svg.polygon({{x, y}, {x - 6 * direction, y - 3.5}, {x - 6 * direction, y + 3.5}},
                {{"class", "arrow"}, {"fill", kInk}});
  };
  if (below) arrow(x1, -1);
  if (above) arrow(x2, 1);
}

double draw_axis(SvgWriter& svg, const Axis& axis, double y, const std::string& title) {
  svg.line(axis.left, y, axis.right, y, {{"class", "axis"}, {"stroke", kInk}});
  for (const AxisTick& t : axis.ticks) {
    const double x = axis.px(t.value);
    svg.line(x, y, x, y + 4, {{"stroke", kInk}});
    svg.text(x, y + 16, t.label, kSmallFontSize, "middle",
             {{"class", "tick"}, {"data-value", shortest_decimal(t.value)}});
  }
  if (!title.empty())
    svg.text((axis.left + axis.right) / 2, y + 31, title, kSmallFontSize, "middle");
  return title.empty() ? 20 : 36;
}

}  // namespace metamc
