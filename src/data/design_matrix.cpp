#include "metamc/data/design_matrix.hpp"

#include <algorithm>

#include "metamc/error.hpp"
#include "metamc/text.hpp"

namespace metamc {

Design design_matrix(const Group& group, const std::vector<std::string>& columns,
                     Residuals residuals) {
  Design d;
  for (std::size_t i = 0; i < group.k(); ++i) {
    const std::vector<std::string>& values = group.studies[i].moderators;
    if (std::any_of(values.begin(), values.end(), [](const std::string& v) { return v.empty(); }))
      d.dropped.push_back(group.studies[i].label);
    else
      d.used.push_back(i);
  }
  const auto rows = static_cast<Eigen::Index>(d.used.size());
  std::vector<Eigen::VectorXd> design_columns = {Eigen::VectorXd::Ones(rows)};
  d.names = {"intrcpt"};
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::vector<std::string> values;
    for (std::size_t i : d.used) values.push_back(group.studies[i].moderators[c]);
    Eigen::VectorXd numbers(rows);
    bool numeric = true;
    for (Eigen::Index r = 0; r < rows && numeric; ++r) {
      const ParsedNumber parsed = parse_number(values[static_cast<std::size_t>(r)]);
      numeric = parsed.status == ParsedNumber::Status::ok;
      numbers[r] = parsed.value;
    }
    if (numeric) {
      design_columns.push_back(numbers);
      d.names.push_back(columns[c]);
      continue;
    }
    std::vector<std::string> levels;
    for (const std::string& v : values)
      if (std::find(levels.begin(), levels.end(), v) == levels.end()) levels.push_back(v);
    if (levels.size() < 2)
      throw DataError("group " + describe(group.key) + ": moderator '" + columns[c] +
                      "' has one level ('" + printable(levels.empty() ? "" : levels[0]) +
                      "') among the studies used; a factor needs two");
    for (std::size_t l = 1; l < levels.size(); ++l) {
      Eigen::VectorXd x(rows);
      for (Eigen::Index r = 0; r < rows; ++r)
        x[r] = values[static_cast<std::size_t>(r)] == levels[l] ? 1 : 0;
      design_columns.push_back(x);
      d.names.push_back(columns[c] + "=" + levels[l]);
    }
  }
  const auto p = static_cast<Eigen::Index>(design_columns.size());
  const bool spare = residuals == Residuals::required;
  if (rows < p + (spare ? 1 : 0))
    throw DataError("group " + describe(group.key) + ": the meta-regression has " +
                    std::to_string(p) + " coefficients and " + std::to_string(rows) +
                    " studies with every moderator; it needs " +
                    (spare ? "more studies than coefficients" : "a study per coefficient"));
  d.y.resize(rows);
  d.v.resize(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Study& s = group.studies[d.used[static_cast<std::size_t>(r)]];
    d.y[r] = s.yi;
    d.v[r] = s.sei * s.sei;
  }
  d.X.resize(rows, p);
  for (Eigen::Index j = 0; j < p; ++j) d.X.col(j) = design_columns[static_cast<std::size_t>(j)];
  return d;
}

}  // namespace metamc
