#include "metamc/data/study_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "metamc/data/effect_size.hpp"
#include "metamc/error.hpp"
#include "metamc/text.hpp"

namespace metamc {

std::string describe(const GroupKey& key) {
  if (key.empty()) return "all studies";
  std::string text;
  for (const auto& [column, value] : key) text += (text.empty() ? "" : ", ") + column + "=" + value;
  return text;
}

bool has_tables(const Group& group) {
  bool tables = group.measure == Measure::OR || group.measure == Measure::RR;
  for (const std::vector<Study>* studies : {&group.studies, &group.uninformative})
    for (const Study& s : *studies) tables = tables && s.counts.has_value();
  return tables;
}

namespace {

// One row of the table with the helpers that read its fields and report errors in context.
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  std::size_t line() const { return row_.line; }

  // The trimmed text of a column, "" when the column is absent.
  std::string text(const std::string& column) const {
    const auto index = table_.column(column);
    return index ? trim(row_.fields[*index]) : "";
  }

  bool exists(const std::string& column) const { return table_.column(column).has_value(); }

  bool has(const std::string& column) const {
    const std::string t = text(column);
    return !t.empty() && t != "NA";
  }

  [[noreturn]] void fail(const std::string& column, const std::string& message) const {
    const auto index = table_.column(column);
    std::string where =
        table_.source + ":" + std::to_string(row_.line) + ": column '" + column + "'";
    if (index) where += " (field " + std::to_string(*index + 1) + ")";
    throw DataError(where + ": value '" + printable(text(column)) + "': " + message);
  }

  [[noreturn]] void fail_row(const std::string& message) const {
    throw DataError(table_.source + ":" + std::to_string(row_.line) + ": " + message);
  }

  // A finite number from a column that must hold one.
  double number(const std::string& column) const {
    const ParsedNumber parsed = parse_number(text(column));
    if (parsed.status != ParsedNumber::Status::ok) fail(column, number_problem(parsed.status));
    return parsed.value;
  }

  // A number whose size double precision handles in every formula downstream: squares, inverse
  // squares and sums of many of them stay finite and normal.
  double bounded(double value, const std::string& column, double low, double high) const {
    if (std::fabs(value) > high || (value != 0 && std::fabs(value) < low))
      fail(column, "outside the range metamc computes with (" + shortest_decimal(low) + " to " +
                       shortest_decimal(high) +
                       " in absolute value); rescale the data, e.g. to "
                       "other units");
    return value;
  }

  double positive(const std::string& column, const std::string& what) const {
    const double value = number(column);
    if (value <= 0) fail(column, what + " must be > 0");
    return value;
  }

  long count(const std::string& column) const {
    const double value = number(column);
    if (value < 0) fail(column, "a count cannot be negative");
    if (value != std::floor(value)) fail(column, "a count must be a whole number");
    if (value > 1e15) fail(column, "too large for a count (at most 10^15)");
    return static_cast<long>(value);
  }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
};

// Effects and standard errors beyond these make sums of squares and inverse squares overflow.
constexpr double kMaxEffect = 1e100;
constexpr double kMinSe = 1e-100, kMaxSe = 1e100;

const std::vector<std::string> kDirectColumns = {"yi", "sei", "vi"};
const std::vector<std::string> kIntervalColumns = {"estimate", "lower", "upper"};
const std::vector<std::string> kCountColumns = {"ai", "n1i", "ci", "n2i"};

bool any_present(const RowReader& row, const std::vector<std::string>& columns) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return row.has(c); });
}

void require_all(const RowReader& row, const std::vector<std::string>& columns,
                 const std::string& given) {
  for (const auto& c : columns) {
    if (!row.exists(c)) row.fail_row("missing column '" + c + "', needed with '" + given + "'");
    if (!row.has(c)) row.fail(c, "empty, but '" + given + "' is given");
  }
}

double read_level(const RowReader& row) {
  if (!row.has("level")) return 0.95;
  const double level = row.number("level");
  if (level > 1 && level < 100)
    row.fail("level", "looks like a percentage; give the confidence level as a fraction (e.g. " +
                          shortest_decimal(level / 100) + ")");
  if (!(level > 0 && level < 1)) row.fail("level", "the confidence level must lie in (0, 1)");
  return level;
}

EffectSize read_direct(const RowReader& row) {
  EffectSize e;
  e.yi = row.bounded(row.number("yi"), "yi", 0, kMaxEffect);
  if (!row.has("sei") && !row.has("vi")) row.fail("sei", "missing: 'yi' needs 'sei' or 'vi'");
  if (row.has("sei")) {
    const double sei =
        row.bounded(row.positive("sei", "the standard error"), "sei", kMinSe, kMaxSe);
    e.vi = sei * sei;
    if (row.has("vi")) {
      const double vi = row.positive("vi", "the variance");
      if (std::fabs(vi - e.vi) > 1e-6 * e.vi)
        row.fail("vi", "disagrees with sei^2 = " + shortest_decimal(e.vi) + "; give one of them");
    }
  } else {
    e.vi = row.bounded(row.positive("vi", "the variance"), "vi", kMinSe * kMinSe, kMaxSe * kMaxSe);
  }
  return e;
}

// Decimals of a number as written: "0.815" has 3.
int decimals(const std::string& text) {
  const auto point = text.find('.');
  if (point == std::string::npos) return 0;
  const auto end = text.find_first_of("eE", point);
  return static_cast<int>((end == std::string::npos ? text.size() : end) - point - 1);
}

// An estimate should sit in the middle of its Wald interval: the geometric middle for ratios.
// Allowed: 30% of the half-width, plus what rounding the printed digits can move.
std::optional<std::string> off_centre(const RowReader& row, Measure measure, double estimate,
                                      double lower, double upper) {
  const bool ratio = is_ratio(measure);
  const auto scale = [&](double x) { return ratio ? std::log(x) : x; };
  const double middle = (scale(lower) + scale(upper)) / 2;
  const double half = (scale(upper) - scale(lower)) / 2;
  const int d = std::max(
      {decimals(row.text("estimate")), decimals(row.text("lower")), decimals(row.text("upper"))});
  const double rounding = 0.5 * std::pow(10.0, -d);
  const double slack = ratio ? rounding * (1 / estimate + 0.5 / lower + 0.5 / upper) : 2 * rounding;
  if (std::fabs(scale(estimate) - middle) <= 0.3 * half + slack) return std::nullopt;
  return "the estimate " + row.text("estimate") + " lies far from the " +
         (ratio ? "geometric " : "") + "middle " + significant(ratio ? std::exp(middle) : middle) +
         " of its interval [" + row.text("lower") + ", " + row.text("upper") +
         "]: check it for a transcription error";
}

EffectSize read_interval(const RowReader& row, Measure measure, double level,
                         std::vector<std::string>& notes, const std::string& label) {
  require_all(row, kIntervalColumns, "estimate");
  const bool ratio = is_ratio(measure);
  const std::string what = ratio ? std::string("a ratio (") + to_string(measure) + ")" : "";
  auto value = [&](const std::string& column) {
    return row.bounded(ratio ? row.positive(column, what) : row.number(column), column,
                       ratio ? 1e-300 : 0, kMaxEffect);
  };
  const double estimate = value("estimate"), lower = value("lower"), upper = value("upper");
  if (lower > upper)
    row.fail("lower", "the lower limit is above the upper limit " + row.text("upper"));
  if (lower == upper) row.fail("upper", "the interval has zero width");
  if (estimate < lower || estimate > upper)
    row.fail("estimate",
             "lies outside its interval [" + row.text("lower") + ", " + row.text("upper") + "]");
  const EffectSize e = effect_from_interval(measure, estimate, lower, upper, level);
  const double sei = std::sqrt(e.vi);
  if (!(sei >= kMinSe && sei <= kMaxSe))
    row.fail(row.has("level") ? "level" : "upper",
             "the interval gives a standard error of " + significant(sei) +
                 ", outside the range metamc computes with (1e-100 to 1e100); " +
                 (row.has("level") ? "check the level" : "rescale the data"));
  if (const auto why = off_centre(row, measure, estimate, lower, upper))
    notes.push_back("study '" + label + "' (line " + std::to_string(row.line()) + "): " + *why);
  return e;
}

TwoByTwo read_counts(const RowReader& row, Measure measure) {
  require_all(row, kCountColumns, "ai");
  if (measure != Measure::RR && measure != Measure::OR)
    row.fail("measure", std::string("counts give a risk ratio (RR) or an odds ratio (OR), not ") +
                            to_string(measure));
  TwoByTwo t{row.count("ai"), row.count("n1i"), row.count("ci"), row.count("n2i")};
  if (t.total_exp == 0) row.fail("n1i", "an arm needs at least one patient");
  if (t.total_ctl == 0) row.fail("n2i", "an arm needs at least one patient");
  if (t.events_exp > t.total_exp)
    row.fail("ai", "more events than patients (n1i = " + row.text("n1i") + ")");
  if (t.events_ctl > t.total_ctl)
    row.fail("ci", "more events than patients (n2i = " + row.text("n2i") + ")");
  return t;
}

template <class T, class Parse>
T read_choice(const RowReader& row, const std::string& column, T fallback, Parse parse,
              const std::string& allowed) {
  if (!row.has(column)) return fallback;
  const auto value = parse(row.text(column));
  if (!value) row.fail(column, "unknown " + column + "; use one of " + allowed);
  return *value;
}

}  // namespace

std::vector<Group> read_groups(const CsvTable& table, const StudyReaderOptions& options,
                               std::vector<std::string>& warnings) {
  if (!table.column("study"))
    throw DataError(table.source + ":1: missing column 'study' (one row per study)");
  for (const auto& column : options.by)
    if (!table.column(column))
      throw DataError(table.source + ":1: missing column '" + column +
                      "' named in --by or --subgroup (the header has: " +
                      [&] {
                        std::string names;
                        for (const auto& h : table.header) names += (names.empty() ? "" : ", ") + h;
                        return names;
                      }() +
                      ")");
  for (const auto& column : options.moderators)
    if (!table.column(column))
      throw DataError(table.source + ":1: missing column '" + column + "' named in --mods");
  // A group as it is being read, with what its notes and checks need.
  struct Pending {
    Group group;
    std::size_t first_line = 0;
    std::map<std::string, std::vector<std::size_t>> lines_of;  // study name -> lines
    std::vector<std::string> left_out;                         // studies left out, and why
    std::vector<double> direct_yi;                             // yi given as such
  };
  std::vector<Pending> pending;
  std::map<GroupKey, std::size_t> index_of;
  for (const CsvRow& csv_row : table.rows) {
    const RowReader row(table, csv_row);
    if (!row.has("study")) row.fail("study", "the study has no name");
    const std::string label = row.text("study");

    GroupKey key;
    std::vector<std::string> missing;
    for (const auto& column : options.by) {
      key.emplace_back(column, row.has(column) ? row.text(column) : "NA");
      if (!row.has(column)) missing.push_back(column);
    }

    const Measure measure = read_choice(row, "measure", options.default_measure, parse_measure,
                                        "HR, RR, OR, MD, SMD, GEN");
    const Benefit benefit =
        read_choice(row, "benefit", options.default_benefit, parse_benefit, "lower, higher");

    const bool direct = any_present(row, kDirectColumns);
    const bool interval = any_present(row, kIntervalColumns);
    const bool counts = any_present(row, kCountColumns);
    const int inputs = int{direct} + int{interval} + int{counts};
    if (inputs == 0)
      row.fail_row("study '" + label +
                   "' has no effect: give yi with sei or vi; or estimate, lower, upper; or ai, "
                   "n1i, ci, n2i");
    if (inputs > 1)
      row.fail_row("study '" + label + "' has more than one effect input (" +
                   std::string(direct ? "yi/sei/vi " : "") +
                   (interval ? "estimate/lower/upper " : "") + (counts ? "ai/n1i/ci/n2i" : "") +
                   "); keep one");

    auto [it, inserted] = index_of.emplace(key, pending.size());
    if (inserted) {
      Pending p;
      p.group.key = key;
      p.group.measure = measure;
      p.group.benefit = benefit;
      p.first_line = row.line();
      for (const auto& column : missing)
        p.group.notes.push_back("the rows of this group have no value (empty or NA) in column '" +
                                column + "'");
      pending.push_back(std::move(p));
    }
    Pending& p = pending[it->second];
    Group& group = p.group;
    const std::string first = std::to_string(p.first_line);
    if (group.measure != measure)
      row.fail("measure", std::string("differs from the measure ") + to_string(group.measure) +
                              " of line " + first + " in the same group (" + describe(key) + ")");
    if (group.benefit != benefit)
      row.fail("benefit", std::string("differs from '") + to_string(group.benefit) + "' of line " +
                              first + " in the same group (" + describe(key) + ")");
    std::vector<std::size_t>& lines = p.lines_of[label];
    if (!lines.empty() && !options.allow_repeated_studies)
      row.fail("study", "study '" + label + "' is already in group " + describe(key) + " (line " +
                            std::to_string(lines.front()) +
                            "); a study may enter a group once: split the rows with --by, or give "
                            "--allow-repeated-studies to pool them as separate studies");
    lines.push_back(row.line());

    Study study{label, 0, 0, false, row.line(), 0, std::nullopt, {}};
    for (const auto& column : options.moderators)
      study.moderators.push_back(row.has(column) ? row.text(column) : "");
    EffectSize effect;
    if (direct) {
      effect = read_direct(row);
      p.direct_yi.push_back(effect.yi);
    } else if (interval) {
      study.interval_level = read_level(row);
      effect = read_interval(row, measure, study.interval_level, group.notes, label);
    } else {
      const TwoByTwo t = read_counts(row, measure);
      study.counts = t;
      if (is_uninformative(t)) {
        group.uninformative.push_back(study);
        const std::string why = "study '" + label + "' (line " + std::to_string(row.line()) +
                                ") left out: " +
                                (t.events_exp == 0 ? "no events in either arm"
                                                   : "events in every patient of both arms");
        group.notes.push_back(why);
        p.left_out.push_back(why);
        continue;
      }
      effect = effect_from_counts(measure, t);
      if (effect.continuity_corrected)
        group.notes.push_back("study '" + label +
                              "': 0.5 added to each cell of its log ratio (zero cell)");
    }
    study.yi = effect.yi;
    study.sei = std::sqrt(effect.vi);
    study.continuity_corrected = effect.continuity_corrected;
    group.studies.push_back(study);
  }

  std::vector<Group> analysable;
  std::string everything_left_out;
  for (Pending& p : pending) {
    Group& g = p.group;
    for (const auto& [label, lines] : p.lines_of) {
      if (lines.size() < 2) continue;
      std::string where;
      for (std::size_t line : lines) where += (where.empty() ? "" : ", ") + std::to_string(line);
      g.notes.push_back("study '" + label + "' appears " + std::to_string(lines.size()) +
                        " times (lines " + where +
                        "); its rows are pooled as separate studies (--allow-repeated-studies)");
    }
    if (is_ratio(g.measure) && !p.direct_yi.empty() && p.direct_yi.size() == g.k()) {
      std::vector<double> yi = p.direct_yi;
      std::nth_element(yi.begin(), yi.begin() + yi.size() / 2, yi.end());
      const double median = yi[yi.size() / 2];
      const bool all_positive =
          std::all_of(yi.begin(), yi.end(), [](double y) { return y > 0 && y <= 3; });
      if (all_positive && median >= 0.5 && median <= 1.5)
        g.notes.push_back(std::string("every yi is positive and near 1 (median ") +
                          significant(median) + "): yi is the log " + to_string(g.measure) +
                          "; if these are the ratios themselves, give them as 'estimate' with "
                          "'lower' and 'upper', or take their logarithms");
    }
    if (g.studies.empty()) {
      std::string why;
      for (const auto& w : p.left_out) why += (why.empty() ? "" : "; ") + w;
      everything_left_out +=
          (everything_left_out.empty() ? "" : "; ") + describe(g.key) + ": " + why;
      warnings.push_back("group " + describe(g.key) + " is not analysed: no study is left (" + why +
                         ")");
      continue;
    }
    analysable.push_back(std::move(g));
  }
  if (analysable.empty())
    throw DataError(table.source + ": no group is left to analyse (" + everything_left_out + ")");
  return analysable;
}

}  // namespace metamc
