// A CSV file read into memory: a header and rows of text fields (RFC 4180).
//
// Accepts quoted fields (with embedded commas, doubled quotes and line breaks), LF or CRLF line
// ends, and a leading UTF-8 byte-order mark. Blank lines are skipped. Every malformation is a
// DataError naming the file and the line.
#ifndef METAMC_DATA_CSV_TABLE_HPP
#define METAMC_DATA_CSV_TABLE_HPP

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace metamc {

struct CsvRow {
  std::size_t line = 0;             // 1-based line on which the record starts
  std::vector<std::string> fields;  // one per header column, unquoted
};

struct CsvTable {
  std::string source;               // file name used in messages
  std::vector<std::string> header;  // column names, surrounding blanks removed
  std::vector<CsvRow> rows;

  /// Index of a column by exact name, or std::nullopt.
  std::optional<std::size_t> column(const std::string& name) const;
};

/// Parses CSV text; `source` names it in error messages.
CsvTable parse_csv(std::istream& in, const std::string& source);

/// Reads a CSV file; NoInputError when it cannot be opened.
CsvTable read_csv(const std::string& path);

}  // namespace metamc

#endif  // METAMC_DATA_CSV_TABLE_HPP
