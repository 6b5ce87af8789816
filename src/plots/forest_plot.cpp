#include "metamc/plots/forest_plot.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "metamc/math/distributions.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/plots/plot_marks.hpp"
#include "metamc/plots/text_metrics.hpp"
#include "metamc/reports/report_format.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

constexpr double kRow = 22;        // px per row
constexpr double kMargin = 16;     // around the drawing
constexpr double kColumnGap = 16;  // between text columns
constexpr double kGraphWidth = 320;
constexpr double kMaxSquare = 16;  // side of the square of a study with all the weight

// A line of the plot: its text cells, one per column, and what it draws on the axis at height y.
// A spanning row's single cell runs across the columns without widening them.
struct ForestRow {
  std::vector<std::string> cells;
  std::function<void(SvgWriter&, const Axis&, double y)> mark;
  bool bold = false;
  bool spans = false;
  std::string label_class = "pooled-label";  // of the first cell
};

struct TextColumn {
  std::string header;
  bool right_aligned = false;
  double x = 0, width = 0;
};

// What one drawing needs: the groups it shows (one, or a --subgroup's levels), their scale and
// the run's interval level.
struct ForestContext {
  const RunConfig& config;
  Scale scale;
  double z;  // of the studies' intervals
  std::string level;
  bool counts;  // every study has its 2x2 table: the data columns show events/total
};

void extend(double& lo, double& hi, double x) {
  if (!std::isfinite(x)) return;
  lo = std::min(lo, x);
  hi = std::max(hi, x);
}

// The span the reader compares (every study's estimate, the pooled estimates and their
// intervals, the line of no effect), and the span of everything drawn.
struct Spans {
  double core_lo = 0, core_hi = 0, full_lo = 0, full_hi = 0;
};

void add_spans(Spans& s, const GroupResult& r, double z) {
  for (const Study& st : r.group.studies) extend(s.core_lo, s.core_hi, st.yi);
  for (double x : {r.dl.mu, r.dl.ci.lower, r.dl.ci.upper, r.bayes.mu.median, r.bayes.mu.ci.lower,
                   r.bayes.mu.ci.upper})
    extend(s.core_lo, s.core_hi, x);
  for (const Study& st : r.group.studies) {
    extend(s.full_lo, s.full_hi, st.yi - z * st.sei);
    extend(s.full_lo, s.full_hi, st.yi + z * st.sei);
  }
  for (const auto& sh : r.bayes.shrunken) extend(s.full_lo, s.full_hi, sh.median);
  extend(s.full_lo, s.full_hi, r.bayes.pred_interval.lower);
  extend(s.full_lo, s.full_hi, r.bayes.pred_interval.upper);
  if (r.dl.pi) {
    extend(s.full_lo, s.full_hi, r.dl.pi->lower);
    extend(s.full_lo, s.full_hi, r.dl.pi->upper);
  }
}

// The axis covers the compared span, and what is drawn as far as that span's width again on
// either side (arrows beyond).
Axis forest_axis(Spans s, bool ratio, double left) {
  extend(s.full_lo, s.full_hi, s.core_lo);
  extend(s.full_lo, s.full_hi, s.core_hi);
  const double margin = std::max(s.core_hi - s.core_lo, ratio ? std::log(2.0) : 0.0);
  return make_axis(std::max(s.full_lo, s.core_lo - margin), std::min(s.full_hi, s.core_hi + margin),
                   ratio, left, left + kGraphWidth);
}

void diamond(SvgWriter& svg, const Axis& axis, double centre, const Interval& i, double y,
             const SvgAttributes& attributes) {
  if (!is_finite(i) || !std::isfinite(centre)) return;
  const double half = 6;
  SvgAttributes a = attributes;
  a.push_back({"data-lower", shortest_decimal(i.lower)});
  a.push_back({"data-estimate", shortest_decimal(centre)});
  a.push_back({"data-upper", shortest_decimal(i.upper)});
  if (!axis.inside(i.lower) || !axis.inside(i.upper)) a.push_back({"data-clipped", "yes"});
  svg.polygon({{axis.px(axis.clamp(i.lower)), y},
               {axis.px(axis.clamp(centre)), y - half},
               {axis.px(axis.clamp(i.upper)), y},
               {axis.px(axis.clamp(centre)), y + half}},
              a);
}

void shrunken_marker(SvgWriter& svg, const Axis& axis, double median, std::size_t i, double y) {
  if (!axis.inside(median)) return;
  svg.element("circle", {{"class", "shrunken"},
                         {"data-index", std::to_string(i)},
                         {"cx", svg_number(axis.px(median))},
                         {"cy", svg_number(y + 7)},
                         {"r", "3.2"},
                         {"fill", "white"},
                         {"stroke", kBayesColour},
                         {"stroke-width", "1.4"}});
}

std::string counts_text(long events, long total) {
  return std::to_string(events) + "/" + std::to_string(total);
}

std::vector<TextColumn> forest_columns(const ForestContext& f) {
  std::vector<TextColumn> columns{{"Study", false}};
  if (f.counts) {
    columns.push_back({"Experimental", true});
    columns.push_back({"Control", true});
  } else {
    columns.push_back({f.scale.ratio() ? "log[" + f.scale.name() + "]" : "Estimate", true});
    columns.push_back({"SE", true});
  }
  columns.push_back({"Weight (DL)", true});
  columns.push_back({f.scale.name() + " [" + f.level + " CI]", false});
  return columns;
}

// One row per study: its data, weight and interval, a square sized by weight, its shrunken
// estimate; then the binomial model's tables without events in either arm (a shrunken estimate
// only).
void add_study_rows(std::vector<ForestRow>& rows, const GroupResult& r, const ForestContext& f) {
  const Group& g = r.group;
  const BayesResult& b = r.bayes;
  for (std::size_t i = 0; i < g.k(); ++i) {
    const Study& s = g.studies[i];
    const Interval ci{s.yi - f.z * s.sei, s.yi + f.z * s.sei};
    ForestRow row;
    row.label_class = "study-label";
    row.cells.push_back(study_label(s, f.config.level));
    if (f.counts) {
      row.cells.push_back(counts_text(s.counts->events_exp, s.counts->total_exp));
      row.cells.push_back(counts_text(s.counts->events_ctl, s.counts->total_ctl));
    } else {
      row.cells.push_back(significant(s.yi));
      row.cells.push_back(significant(s.sei));
    }
    const double weight = r.dl.weights.at(i);
    row.cells.push_back(fixed(weight, 1) + "%");
    row.cells.push_back(f.scale.effect(s.yi) + " " + f.scale.interval(ci));
    row.mark = [&b, i, ci, weight, yi = s.yi](SvgWriter& svg, const Axis& axis, double y) {
      const std::string index = std::to_string(i);
      interval_line(svg, axis, ci, y,
                    {{"class", "study-ci"}, {"stroke", kInk}, {"data-index", index}});
      const double side = std::max(3.0, kMaxSquare * std::sqrt(weight / 100));
      if (axis.inside(yi))
        svg.rect(axis.px(yi) - side / 2, y - side / 2, side, side,
                 {{"class", "study-square"}, {"fill", kInk}, {"data-index", index}});
      if (i < b.shrunken.size()) shrunken_marker(svg, axis, b.shrunken[i].median, i, y);
    };
    rows.push_back(std::move(row));
  }
  for (std::size_t j = 0; j < g.uninformative.size() && g.k() + j < b.shrunken.size(); ++j) {
    const Study& s = g.uninformative[j];
    ForestRow row;
    row.label_class = "uninformative-label";
    row.cells = {s.label + " (no events in either arm)",
                 counts_text(s.counts->events_exp, s.counts->total_exp),
                 counts_text(s.counts->events_ctl, s.counts->total_ctl), "-", "-"};
    const std::size_t i = g.k() + j;
    row.mark = [&b, i](SvgWriter& svg, const Axis& axis, double y) {
      shrunken_marker(svg, axis, b.shrunken[i].median, i, y);
    };
    rows.push_back(std::move(row));
  }
}

// The pooled rows: DL and Bayesian diamonds, the prediction intervals as bars. `what` is
// "Random effects" for a whole group, "Subtotal" for a subgroup.
void add_pooled_rows(std::vector<ForestRow>& rows, const GroupResult& r, const ForestContext& f,
                     const std::string& what) {
  const BayesResult& b = r.bayes;
  const Scale& scale = f.scale;
  ForestRow dl;
  dl.bold = true;
  dl.cells = {what + ", DL", "", "", "100%", scale.effect(r.dl.mu) + " " + scale.interval(r.dl.ci)};
  dl.mark = [&r](SvgWriter& svg, const Axis& axis, double y) {
    diamond(svg, axis, r.dl.mu, r.dl.ci, y, {{"class", "pooled-dl"}, {"fill", kDlColour}});
  };
  rows.push_back(std::move(dl));

  ForestRow bayes;
  bayes.bold = true;
  bayes.cells = {what + ", Bayes: posterior median [" + f.level + " CrI]", "", "", "",
                 scale.effect(b.mu.median) + " " + scale.interval(b.mu.ci)};
  bayes.mark = [&b](SvgWriter& svg, const Axis& axis, double y) {
    diamond(svg, axis, b.mu.median, b.mu.ci, y,
            {{"class", "pooled-bayes"}, {"fill", kBayesColour}});
  };
  rows.push_back(std::move(bayes));

  const bool finite = is_finite(b.pred_interval);
  ForestRow bayes_pi;
  bayes_pi.cells = {"Prediction interval, Bayes", "", "", "",
                    finite ? scale.interval(b.pred_interval) : "not finite"};
  bayes_pi.mark = [&b, finite](SvgWriter& svg, const Axis& axis, double y) {
    if (finite)
      interval_line(svg, axis, b.pred_interval, y,
                    {{"class", "pi-bayes"},
                     {"stroke", kBayesColour},
                     {"data-lower", shortest_decimal(b.pred_interval.lower)},
                     {"data-upper", shortest_decimal(b.pred_interval.upper)}},
                    5);
  };
  rows.push_back(std::move(bayes_pi));

  ForestRow dl_pi;
  dl_pi.cells = {"Prediction interval, DL", "", "", "",
                 r.dl.pi ? scale.interval(*r.dl.pi) : "none: needs k >= 3"};
  dl_pi.mark = [&r](SvgWriter& svg, const Axis& axis, double y) {
    if (r.dl.pi && is_finite(*r.dl.pi))
      interval_line(svg, axis, *r.dl.pi, y,
                    {{"class", "pi-dl"},
                     {"stroke", kDlColour},
                     {"data-lower", shortest_decimal(r.dl.pi->lower)},
                     {"data-upper", shortest_decimal(r.dl.pi->upper)}},
                    5);
  };
  rows.push_back(std::move(dl_pi));
}

// "= 0.0123" or "< 0.0001"
std::string p_text(double p) {
  const std::string v = p_value(p);
  return v.front() == '<' ? "< " + v.substr(1) : "= " + v;
}

std::string heterogeneity_text(const GroupResult& r) {
  if (!r.dl.Q_p) return "Heterogeneity: not estimable from a single study";
  return "Heterogeneity (DL): tau\u00b2 = " + significant(r.dl.tau2) +
         (r.dl.tau2_ci ? " " + interval_text(*r.dl.tau2_ci) : "") +
         ", I\u00b2 = " + fixed(r.dl.I2.value_or(0), 0) + "%, Q = " + significant(r.dl.Q) +
         " (df = " + std::to_string(r.dl.df) + "), p " + p_text(*r.dl.Q_p);
}

std::string bayes_text(const GroupResult& r, const ForestContext& f) {
  const BayesResult& b = r.bayes;
  return "Bayes: tau\u00b2 = " + significant(b.tau2.median) + " " + interval_text(b.tau2.ci) +
         " (posterior median [" + f.level + " CrI]); P(" + f.scale.beyond() + ")" +
         probability_after(b.p_benefit) + "; P(new trial " + f.scale.beyond() + ")" +
         probability_after(b.p_pred_benefit);
}

std::vector<std::string> run_footer(const ForestContext& f, ModelKind model,
                                    const std::string& method) {
  return {"Prior: " + to_string(f.config.tau_prior) + ", " + to_string(f.config.mu_prior) +
              (model == ModelKind::binomial ? "; binomial-normal model of the counts" : "") + "; " +
              (method == "exact" ? "exact quadrature" : "MCMC"),
          "\u25a0 study, area \u221d DL weight \u00b7 \u25cb Bayesian shrunken estimate \u00b7 "
          "\u25c6 pooled: DL grey, Bayes blue \u00b7 \u25ac prediction intervals"};
}

// Lays the rows out in measured columns, the graph at their right, the axis with the sides of
// the line of no effect beneath, the footer under it.
std::string draw_forest(const std::string& title, std::vector<TextColumn> columns,
                        const std::vector<ForestRow>& rows, const Spans& spans,
                        const std::vector<std::string>& footer, const ForestContext& f,
                        Benefit benefit) {
  double x = kMargin;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    TextColumn& col = columns[j];
    col.width = text_width(col.header, kFontSize, true);
    for (const ForestRow& row : rows)
      if (j < row.cells.size() && !row.spans)
        col.width = std::max(col.width, text_width(row.cells[j], kFontSize, row.bold));
    col.x = x;
    x += col.width + kColumnGap;
  }
  const Axis axis = forest_axis(spans, f.scale.ratio(), x + 8);
  const double null_x = axis.px(axis.clamp(0));
  double width =
      std::max(axis.right, null_x + 6 + text_width("Favours experimental", kSmallFontSize));
  for (const std::string& line : footer)
    width = std::max(width, kMargin + text_width(line, kSmallFontSize));
  for (const ForestRow& row : rows)
    if (row.spans) width = std::max(width, kMargin + text_width(row.cells[0], kSmallFontSize));
  SvgWriter svg(width + kMargin, 0);

  double y = kMargin + 14;
  svg.text(kMargin, y, title, kFontSize + 2, "start",
           {{"font-weight", "bold"}, {"class", "title"}});
  y += kRow + 4;
  for (const TextColumn& col : columns)
    svg.text(col.right_aligned ? col.x + col.width : col.x, y, col.header, kFontSize,
             col.right_aligned ? "end" : "start", {{"font-weight", "bold"}});
  svg.text((axis.left + axis.right) / 2, y,
           f.scale.name() + " [" + f.level + " CI]" + (f.scale.ratio() ? ", log scale" : ""),
           kFontSize, "middle", {{"font-weight", "bold"}});
  const double rows_top = y + 8;
  svg.line(kMargin, rows_top, axis.right, rows_top, {{"stroke", kInk}, {"stroke-width", "0.8"}});
  y = rows_top;
  for (const ForestRow& row : rows) {
    y += row.spans ? kRow - 4 : kRow;
    if (row.spans) {
      svg.text(kMargin, y, row.cells[0], kSmallFontSize, "start", {{"class", row.label_class}});
      continue;
    }
    for (std::size_t j = 0; j < row.cells.size() && j < columns.size(); ++j) {
      const TextColumn& col = columns[j];
      SvgAttributes a;
      if (row.bold) a.push_back({"font-weight", "bold"});
      if (j == 0) a.push_back({"class", row.label_class});
      svg.text(col.right_aligned ? col.x + col.width : col.x, y, row.cells[j], kFontSize,
               col.right_aligned ? "end" : "start", a);
    }
    if (row.mark) row.mark(svg, axis, y - 4);
  }
  const double axis_y = y + 12;
  svg.line(kMargin, axis_y, axis.right, axis_y, {{"stroke", kInk}, {"stroke-width", "0.8"}});
  if (axis.inside(0))
    svg.line(axis.px(0), rows_top, axis.px(0), axis_y,
             {{"class", "null-line"}, {"stroke", kInk}, {"stroke-width", "0.8"}});
  y = axis_y + draw_axis(svg, axis, axis_y, "");
  const bool lower = benefit == Benefit::lower;
  svg.text(null_x - 6, y + 14, lower ? "Favours experimental" : "Favours control", kSmallFontSize,
           "end", {{"class", lower ? "favours-experimental" : "favours-control"}});
  svg.text(null_x + 6, y + 14, lower ? "Favours control" : "Favours experimental", kSmallFontSize,
           "start", {{"class", lower ? "favours-control" : "favours-experimental"}});
  y += 24;
  for (const std::string& line : footer) {
    y += 16;
    svg.text(kMargin, y, line, kSmallFontSize, "start", {{"class", "footer"}});
  }
  return svg.finish(y + kMargin);
}

bool all_counts(const std::vector<const GroupResult*>& groups) {
  for (const GroupResult* r : groups)
    for (const Study& s : r->group.studies)
      if (!s.counts) return false;
  return true;
}

ForestContext context_of(const RunConfig& c, const GroupResult& first, Benefit benefit,
                         const std::vector<const GroupResult*>& groups) {
  return {c, Scale{first.group.measure, benefit}, normal_quantile(0.5 + c.level / 2),
          level_label(c.level), all_counts(groups)};
}

}  // namespace

std::string forest_plot_svg(const GroupResult& r, const RunConfig& c) {
  const ForestContext f = context_of(c, r, r.group.benefit, {&r});
  std::vector<ForestRow> rows;
  add_study_rows(rows, r, f);
  rows.push_back({});  // a blank row before the pooled ones
  add_pooled_rows(rows, r, f, "Random effects");
  Spans spans;
  add_spans(spans, r, f.z);
  std::vector<std::string> footer = {heterogeneity_text(r), bayes_text(r, f)};
  for (const std::string& line : run_footer(f, r.model, r.bayes.method)) footer.push_back(line);
  if (!is_finite(r.bayes.pred_interval))
    footer.push_back("The Bayesian prediction interval is not finite.");
  return draw_forest(describe(r.group.key) + ": " + to_string(r.group.measure) +
                         ", k = " + std::to_string(r.group.k()),
                     forest_columns(f), rows, spans, footer, f, r.group.benefit);
}

std::string subgroup_forest_plot_svg(const AnalysisReport& report, const SubgroupTest& t) {
  std::vector<const GroupResult*> members;
  for (std::size_t i : t.members) members.push_back(&report.groups[i]);
  const GroupResult& first = *members.front();
  const ForestContext f = context_of(report.config, first, t.benefit, members);
  std::vector<ForestRow> rows;
  Spans spans;
  std::size_t studies = 0;
  for (const GroupResult* r : members) {
    ForestRow heading;
    heading.bold = true;
    heading.label_class = "subgroup-label";
    heading.cells = {r->group.key.back().second};
    rows.push_back(std::move(heading));
    add_study_rows(rows, *r, f);
    add_pooled_rows(rows, *r, f, "Subtotal");
    for (const std::string& text : {heterogeneity_text(*r), bayes_text(*r, f)}) {
      ForestRow line;
      line.spans = true;
      line.label_class = "subgroup-note";
      line.cells = {text};
      rows.push_back(std::move(line));
    }
    rows.push_back({});
    add_spans(spans, *r, f.z);
    studies += r->group.k();
  }
  std::vector<std::string> footer;
  if (t.test.p) {
    const double i2 = t.test.Q > t.test.df ? 100 * (t.test.Q - t.test.df) / t.test.Q : 0;
    footer.push_back("Test for subgroup differences: Chi\u00b2 = " + significant(t.test.Q) +
                     ", df = " + std::to_string(t.test.df) + ", p " + p_text(*t.test.p) +
                     ", I\u00b2 = " + fixed(i2, 1) + "% (" + to_string(t.method) +
                     " estimates of each subgroup)");
  } else {
    footer.push_back("Test for subgroup differences: none, a single subgroup");
  }
  if (t.bayes_contrast) {
    const BayesRegression& b = *t.bayes_contrast;
    const std::string reference = first.group.key.back().second;
    for (std::size_t j = 1; j < b.coefficients.size() && j < members.size(); ++j) {
      const BayesCoefficient& coefficient = b.coefficients[j];
      const double more =
          t.benefit == Benefit::lower ? coefficient.p_negative : 1 - coefficient.p_negative;
      const std::string level = members[j]->group.key.back().second;
      footer.push_back("Bayes, one tau across subgroups: " + level + " vs " + reference + ": " +
                       (f.scale.ratio() ? "ratio of " + f.scale.name() + "s " : "difference ") +
                       f.scale.effect(coefficient.posterior.median) + " " +
                       f.scale.interval(coefficient.posterior.ci) + ", P(" + level +
                       " more favourable)" + probability_after(more));
    }
  }
  for (const std::string& line : run_footer(f, first.model, first.bayes.method))
    footer.push_back(line);
  return draw_forest(describe(t.key) + ": " + to_string(first.group.measure) + ", " +
                         std::to_string(members.size()) + " subgroups by " +
                         report.config.subgroup + ", k = " + std::to_string(studies),
                     forest_columns(f), rows, spans, footer, f, t.benefit);
}

}  // namespace metamc
