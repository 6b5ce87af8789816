// Left-aligned columns of text for terminal output.
#ifndef METAMC_REPORTS_TEXT_TABLE_HPP
#define METAMC_REPORTS_TEXT_TABLE_HPP

#include <ostream>
#include <string>
#include <vector>

namespace metamc {

class TextTable {
 public:
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  /// Writes every row, each prefixed by `indent`, columns separated by two spaces.
  void print(std::ostream& out, const std::string& indent) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace metamc

#endif  // METAMC_REPORTS_TEXT_TABLE_HPP
