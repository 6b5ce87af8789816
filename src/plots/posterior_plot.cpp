#include "metamc/plots/posterior_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "metamc/model/prior_parse.hpp"
#include "metamc/plots/plot_marks.hpp"
#include "metamc/reports/report_format.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

constexpr double kMargin = 16;
constexpr double kPanelWidth = 360;   // the graph area of one panel
constexpr double kPanelHeight = 200;  // height of the densities
constexpr double kPanelGap = 56;
constexpr double kMarkRow = 16;  // rows of interval marks under the densities
constexpr const char* kShade = "#c9d9f2";
constexpr const char* kSensitivityColour = "#9a9a9a";

using Points = std::vector<std::pair<double, double>>;

// Vertical scale of a panel: density d at height bottom - d / top * kPanelHeight.
struct DensityScale {
  double bottom = 0, top = 1;
  double py(double d) const { return bottom - d / top * kPanelHeight; }
};

// The curve's points inside the axis.
Points curve_points(const DensityCurve& c, const Axis& axis, const DensityScale& s) {
  Points p;
  for (std::size_t j = 0; j < c.x.size(); ++j)
    if (axis.inside(c.x[j]) && std::isfinite(c.density[j]))
      p.push_back({axis.px(c.x[j]), s.py(std::min(c.density[j], s.top))});
  return p;
}

double peak(const DensityCurve& c, const Axis& axis) {
  double m = 0;
  for (std::size_t j = 0; j < c.x.size(); ++j)
    if (axis.inside(c.x[j]) && std::isfinite(c.density[j])) m = std::max(m, c.density[j]);
  return m;
}

// Where the curve is above 1/100 of its peak: the part worth showing.
void visible_range(const DensityCurve& c, double& lo, double& hi) {
  double top = 0;
  for (double d : c.density) top = std::max(top, d);
  for (std::size_t j = 0; j < c.x.size(); ++j)
    if (c.density[j] >= 1e-2 * top) {
      lo = std::min(lo, c.x[j]);
      hi = std::max(hi, c.x[j]);
    }
}

// --tau-prior given again, or --prior-grid: the same posterior under each other prior, as thin
// grey lines beneath the model's.
template <class Curve>
void sensitivity_curves(SvgWriter& svg, const GroupResult& r, const Axis& axis,
                        const DensityScale& scale, Curve curve) {
  for (const PriorSensitivity& other : r.sensitivity)
    if (other.bayes.densities)
      svg.polyline(curve_points(curve(*other.bayes.densities), axis, scale),
                   {{"class", "prior-sensitivity"},
                    {"data-prior", to_string(other.tau_prior)},
                    {"stroke", kSensitivityColour},
                    {"stroke-width", "1"}});
}

// A point estimate with its interval on one row of marks.
void estimate_mark(SvgWriter& svg, const Axis& axis, double estimate, const Interval& i, double y,
                   const std::string& cls, const char* colour, const std::string& label) {
  if (!is_finite(i)) return;
  interval_line(svg, axis, i, y,
                {{"class", cls},
                 {"stroke", colour},
                 {"data-lower", shortest_decimal(i.lower)},
                 {"data-upper", shortest_decimal(i.upper)}},
                2);
  if (std::isfinite(estimate) && axis.inside(estimate))
    svg.element("circle", {{"class", cls + "-point"},
                           {"cx", svg_number(axis.px(estimate))},
                           {"cy", svg_number(y)},
                           {"r", "3"},
                           {"fill", colour}});
  svg.text(axis.right + 6, y + 4, label, kSmallFontSize, "start", {{"fill", colour}});
}

void no_density(SvgWriter& svg, double left, double top, const std::string& why) {
  svg.text(left + kPanelWidth / 2, top + kPanelHeight / 2, why, kFontSize, "middle",
           {{"class", "no-density"}});
}

// Left panel: the pooled effect and a new trial's.
double effect_panel(SvgWriter& svg, const GroupResult& r, const RunConfig& c, double left,
                    double top) {
  const BayesResult& b = r.bayes;
  const Scale scale{r.group.measure, r.group.benefit};
  const std::string lv = level_label(c.level);
  svg.text(left, top - 8,
           std::string("Pooled effect") + (scale.ratio() ? " " + scale.name() : "") +
               " and a new trial's",
           kFontSize, "start", {{"font-weight", "bold"}});
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const bool has_density = b.densities && !b.densities->mu.x.empty();
  if (has_density) visible_range(b.densities->mu, lo, hi);
  for (double x : {0.0, b.mu.ci.lower, b.mu.ci.upper, r.dl.ci.lower, r.dl.ci.upper})
    if (std::isfinite(x)) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  // The predictive interval as far as the span of the rest again on either side.
  const double span = hi - lo;
  if (is_finite(b.pred_interval)) {
    lo = std::min(lo, std::max(b.pred_interval.lower, lo - span));
    hi = std::max(hi, std::min(b.pred_interval.upper, hi + span));
  }
  const Axis axis = make_axis(lo, hi, scale.ratio(), left, left + kPanelWidth);
  double y = top + kPanelHeight;
  if (has_density) {
    const PosteriorDensities& d = *b.densities;
    DensityScale scaled{y, 1};
    scaled.top = std::max(peak(d.mu, axis), peak(d.theta_new, axis));
    for (const PriorSensitivity& other : r.sensitivity)
      if (other.bayes.densities)
        scaled.top = std::max(scaled.top, peak(other.bayes.densities->mu, axis));
    scaled.top *= 1.05;
    // The region of benefit under the density of mu, cut at 0 exactly.
    Points shade;
    const bool lower = r.group.benefit == Benefit::lower;
    const auto favourable = [&](double x) { return lower ? x <= 0 : x >= 0; };
    for (std::size_t j = 0; j < d.mu.x.size(); ++j) {
      const double x = d.mu.x[j];
      if (j > 0 && favourable(x) != favourable(d.mu.x[j - 1]) && axis.inside(0)) {
        const double t = (0 - d.mu.x[j - 1]) / (x - d.mu.x[j - 1]);
        const double at_zero = d.mu.density[j - 1] + t * (d.mu.density[j] - d.mu.density[j - 1]);
        if (std::isfinite(at_zero)) shade.push_back({axis.px(0), scaled.py(at_zero)});
      }
      if (axis.inside(x) && favourable(x) && std::isfinite(d.mu.density[j]))
        shade.push_back({axis.px(x), scaled.py(d.mu.density[j])});
    }
    if (shade.size() > 1) {
      shade.insert(shade.begin(), {shade.front().first, scaled.bottom});
      shade.push_back({shade.back().first, scaled.bottom});
      svg.polygon(shade, {{"class", "benefit-region"}, {"fill", kShade}, {"stroke", "none"}});
    }
    sensitivity_curves(svg, r, axis, scaled,
                       [](const PosteriorDensities& p) -> const DensityCurve& { return p.mu; });
    svg.polyline(curve_points(d.theta_new, axis, scaled), {{"class", "density-pred"},
                                                           {"stroke", kBayesColour},
                                                           {"stroke-width", "1.4"},
                                                           {"stroke-dasharray", "5,3"}});
    svg.polyline(curve_points(d.mu, axis, scaled),
                 {{"class", "density-mu"}, {"stroke", kBayesColour}, {"stroke-width", "2"}});
    svg.text(left + 6, top + 14,
             "P(" + scale.beyond() + ")" + probability_after(b.p_benefit) + "  (shaded)", kFontSize,
             "start", {{"class", "p-benefit"}, {"fill", kBayesColour}});
    svg.text(left + 6, top + 30,
             "P(new trial " + scale.beyond() + ")" + probability_after(b.p_pred_benefit),
             kSmallFontSize, "start", {{"fill", kBayesColour}});
  } else {
    no_density(svg, left, top, "no posterior density to draw (summary mode or no draws)");
  }
  if (axis.inside(0))
    svg.line(axis.px(0), top, axis.px(0), y + 3 * kMarkRow,
             {{"class", "null-line"}, {"stroke", kInk}, {"stroke-dasharray", "3,3"}});
  svg.line(left, y, left + kPanelWidth, y, {{"stroke", kInk}, {"stroke-width", "0.6"}});
  y += kMarkRow;
  estimate_mark(svg, axis, b.mu.median, b.mu.ci, y, "bayes-ci", kBayesColour,
                "Bayes " + lv + " CrI");
  y += kMarkRow;
  estimate_mark(svg, axis, b.pred_median, b.pred_interval, y, "bayes-pi", kBayesColour,
                "Bayes prediction");
  y += kMarkRow;
  estimate_mark(svg, axis, r.dl.mu, r.dl.ci, y, "dl-ci", kDlColour, "DL " + lv + " CI");
  y += 8;
  return y + draw_axis(svg, axis, y,
                       scale.ratio() ? scale.name() + " (log scale); dashed: a new trial"
                                     : "effect; dashed: a new trial");
}

// Right panel: tau, its posterior and its prior.
double tau_panel(SvgWriter& svg, const GroupResult& r, const RunConfig& c, double left,
                 double top) {
  const BayesResult& b = r.bayes;
  const std::string lv = level_label(c.level);
  svg.text(left, top - 8, "Heterogeneity tau: posterior (solid) and prior (dashed)", kFontSize,
           "start", {{"font-weight", "bold"}});
  const double dl_tau = std::sqrt(r.dl.tau2);
  double lo = 0, hi = 1e-3;
  for (double x : {b.tau.ci.upper, dl_tau})
    if (std::isfinite(x)) hi = std::max(hi, x);
  const bool has_density = b.densities && !b.densities->tau.x.empty();
  if (has_density) visible_range(b.densities->tau, lo, hi);
  const Axis axis = make_axis(0, hi, false, left, left + kPanelWidth);
  double y = top + kPanelHeight;
  if (has_density) {
    const DensityCurve& post = b.densities->tau;
    DensityCurve prior;
    for (int j = 0; j <= 240; ++j) {
      const double tau = axis.upper * j / 240;
      prior.x.push_back(tau);
      prior.density.push_back(std::exp(tau_prior_log_density(c.tau_prior, tau)));
    }
    DensityScale scaled{y, std::max(peak(post, axis), peak(prior, axis))};
    for (const PriorSensitivity& other : r.sensitivity)
      if (other.bayes.densities)
        scaled.top = std::max(scaled.top, peak(other.bayes.densities->tau, axis));
    scaled.top *= 1.05;
    sensitivity_curves(svg, r, axis, scaled,
                       [](const PosteriorDensities& p) -> const DensityCurve& { return p.tau; });
    svg.polyline(curve_points(prior, axis, scaled), {{"class", "prior-tau"},
                                                     {"stroke", kInk},
                                                     {"stroke-width", "1.4"},
                                                     {"stroke-dasharray", "5,3"}});
    svg.polyline(curve_points(post, axis, scaled),
                 {{"class", "density-tau"}, {"stroke", kBayesColour}, {"stroke-width", "2"}});
  } else {
    no_density(svg, left, top, "no posterior density to draw");
  }
  svg.line(left, y, left + kPanelWidth, y, {{"stroke", kInk}, {"stroke-width", "0.6"}});
  y += kMarkRow;
  estimate_mark(svg, axis, b.tau.median, b.tau.ci, y, "tau-ci", kBayesColour,
                "Bayes " + lv + " CrI");
  y += kMarkRow;
  if (axis.inside(dl_tau))
    svg.polygon(
        {{axis.px(dl_tau), y - 5}, {axis.px(dl_tau) - 5, y + 4}, {axis.px(dl_tau) + 5, y + 4}},
        {{"class", "dl-tau"}, {"fill", kDlColour}, {"data-value", shortest_decimal(dl_tau)}});
  svg.text(axis.right + 6, y + 4, "DL tau", kSmallFontSize, "start", {{"fill", kDlColour}});
  y += 8;
  return y + draw_axis(svg, axis, y, "tau (analysis scale)");
}

}  // namespace

std::string posterior_plot_svg(const GroupResult& r, const RunConfig& c) {
  const double label_room = 110;     // the marks' labels right of each panel
  const double left = kMargin + 24;  // room for the first tick's label
  SvgWriter svg(left + 2 * (kPanelWidth + label_room) + kPanelGap + kMargin, 0);
  double y = kMargin + 14;
  svg.text(kMargin, y,
           describe(r.group.key) + ": " + to_string(r.group.measure) +
               ", k = " + std::to_string(r.group.k()) + ", posterior",
           kFontSize + 2, "start", {{"font-weight", "bold"}, {"class", "title"}});
  const double top = y + 36;
  const double left_bottom = effect_panel(svg, r, c, left, top);
  const double right_bottom =
      tau_panel(svg, r, c, left + kPanelWidth + label_room + kPanelGap, top);
  y = std::max(left_bottom, right_bottom) + 14;
  const std::string source = !r.bayes.densities                     ? "none"
                             : r.bayes.densities->source == "exact" ? "exact marginal densities"
                                                                    : r.bayes.densities->source;
  if (!r.sensitivity.empty()) {
    std::string priors;
    for (const PriorSensitivity& other : r.sensitivity)
      priors += (priors.empty() ? "" : "; ") + to_string(other.tau_prior);
    svg.text(kMargin, y, "Grey: the posteriors under " + priors + " (prior sensitivity).",
             kSmallFontSize, "start", {{"class", "footer"}});
    y += 16;
  }
  svg.text(kMargin, y,
           "Curves: " + source + "; marks: the reported medians and intervals. " +
               to_string(c.tau_prior) + ", " + to_string(c.mu_prior) + ".",
           kSmallFontSize, "start", {{"class", "footer"}});
  return svg.finish(y + kMargin);
}

}  // namespace metamc
