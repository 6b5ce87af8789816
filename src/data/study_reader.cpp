#include "metamc/data/study_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

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
    throw DataError(where + ": value '" + text(column) + "': " + message);
  }

  [[noreturn]] void fail_row(const std::string& message) const {
    throw DataError(table_.source + ":" + std::to_string(row_.line) + ": " + message);
  }

  // A finite number from a column that must hold one.
  double number(const std::string& column) const {
    const std::string t = text(column);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size()) fail(column, "not a number");
    if (std::isnan(value)) fail(column, "NaN is not allowed");
    if (std::isinf(value) || errno == ERANGE) fail(column, "must be finite");
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
    if (value != std::floor(value) || value > 1e15) fail(column, "a count must be a whole number");
    return static_cast<long>(value);
  }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
};

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
  e.yi = row.number("yi");
  if (!row.has("sei") && !row.has("vi")) row.fail("sei", "missing: 'yi' needs 'sei' or 'vi'");
  if (row.has("sei")) {
    const double sei = row.positive("sei", "the standard error");
    e.vi = sei * sei;
    if (row.has("vi")) {
      const double vi = row.positive("vi", "the variance");
      if (std::fabs(vi - e.vi) > 1e-6 * e.vi)
        row.fail("vi", "disagrees with sei^2 = " + shortest_decimal(e.vi) + "; give one of them");
    }
  } else {
    e.vi = row.positive("vi", "the variance");
  }
  return e;
}

EffectSize read_interval(const RowReader& row, Measure measure) {
  require_all(row, kIntervalColumns, "estimate");
  const bool ratio = is_ratio(measure);
  const std::string what = ratio ? std::string("a ratio (") + to_string(measure) + ")" : "";
  const double estimate = ratio ? row.positive("estimate", what) : row.number("estimate");
  const double lower = ratio ? row.positive("lower", what) : row.number("lower");
  const double upper = ratio ? row.positive("upper", what) : row.number("upper");
  if (lower > upper)
    row.fail("lower", "the lower limit is above the upper limit " + row.text("upper"));
  if (lower == upper) row.fail("upper", "the interval has zero width");
  if (estimate < lower || estimate > upper)
    row.fail("estimate",
             "lies outside its interval [" + row.text("lower") + ", " + row.text("upper") + "]");
  return effect_from_interval(measure, estimate, lower, upper, read_level(row));
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
                      "' named in --by (the header has: " +
                      [&] {
                        std::string names;
                        for (const auto& h : table.header) names += (names.empty() ? "" : ", ") + h;
                        return names;
                      }() +
                      ")");
  std::vector<Group> groups;
  std::map<GroupKey, std::size_t> index_of;
  std::map<GroupKey, std::size_t> first_line;
  for (const CsvRow& csv_row : table.rows) {
    const RowReader row(table, csv_row);
    const std::string label = row.text("study");
    if (label.empty()) row.fail("study", "the study has no name");

    GroupKey key;
    for (const auto& column : options.by) key.emplace_back(column, row.text(column));

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

    auto [it, inserted] = index_of.emplace(key, groups.size());
    if (inserted) {
      Group g;
      g.key = key;
      g.measure = measure;
      g.benefit = benefit;
      groups.push_back(g);
      first_line[key] = row.line();
    }
    Group& group = groups[it->second];
    const std::string first = std::to_string(first_line[key]);
    if (group.measure != measure)
      row.fail("measure", std::string("differs from the measure ") + to_string(group.measure) +
                              " of line " + first + " in the same group (" + describe(key) + ")");
    if (group.benefit != benefit)
      row.fail("benefit", std::string("differs from '") + to_string(group.benefit) + "' of line " +
                              first + " in the same group (" + describe(key) + ")");

    EffectSize effect;
    if (direct) {
      effect = read_direct(row);
    } else if (interval) {
      effect = read_interval(row, measure);
    } else {
      const TwoByTwo t = read_counts(row, measure);
      if (is_uninformative(t)) {
        group.notes.push_back("study '" + label + "' (line " + std::to_string(row.line()) +
                              ") left out: " +
                              (t.events_exp == 0 ? "no events in either arm"
                                                 : "events in every patient of both arms"));
        continue;
      }
      effect = effect_from_counts(measure, t);
      if (effect.continuity_corrected)
        group.notes.push_back("study '" + label + "': 0.5 added to each cell (zero cell)");
    }
    group.studies.push_back(
        Study{label, effect.yi, std::sqrt(effect.vi), effect.continuity_corrected, row.line()});
  }

  std::vector<Group> analysable;
  for (auto& g : groups) {
    if (g.studies.empty()) {
      warnings.push_back("group " + describe(g.key) + " is not analysed: no study is left (" +
                         g.notes.front() + ")");
      continue;
    }
    analysable.push_back(std::move(g));
  }
  return analysable;
}

}  // namespace metamc
