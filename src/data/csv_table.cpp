#include "metamc/data/csv_table.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include "metamc/data/input_file.hpp"
#include "metamc/error.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// Splits the text into records. Tracks physical lines so that every record knows where it
// starts, even when a quoted field spans several lines.
class RecordParser {
 public:
  RecordParser(const std::string& text, const std::string& source) : text_(text), source_(source) {
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // UTF-8 byte-order mark
  }

  // Reads the next non-blank record; false at the end of the text.
  bool next(CsvRow& row) {
    while (pos_ < text_.size()) {
      row.line = line_;
      row.fields.clear();
      if (read_record(row.fields) && !(row.fields.size() == 1 && trim(row.fields[0]).empty()))
        return true;
    }
    return false;
  }

 private:
  // Reads fields up to the end of the line; returns false for an empty line.
  bool read_record(std::vector<std::string>& fields) {
    std::string field;
    bool any = false;
    while (true) {
      if (pos_ >= text_.size()) {
        fields.push_back(field);
        return any || !field.empty();
      }
      char c = text_[pos_];
      if (c == '"' && trim(field).empty()) {
        field = read_quoted();
        any = true;
        continue;
      }
      if (c == ',') {
        fields.push_back(field);
        field.clear();
        any = true;
        ++pos_;
        continue;
      }
      if (c == '\r' || c == '\n') {
        consume_line_end();
        fields.push_back(field);
        return any || !field.empty();
      }
      field += c;
      ++pos_;
    }
  }

  // Reads a quoted field starting at the opening quote; leaves pos_ after the closing quote and
  // any blanks that follow it.
  std::string read_quoted() {
    const std::size_t start_line = line_;
    std::string value;
    ++pos_;
    while (true) {
      if (pos_ >= text_.size())
        throw DataError(source_ + ":" + std::to_string(start_line) +
                        ": unterminated quoted field (a '\"' opened here is never closed)");
      char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          value += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n') ++line_;
      value += c;
      ++pos_;
    }
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n')
      throw DataError(source_ + ":" + std::to_string(line_) + ": unexpected character '" +
                      std::string(1, text_[pos_]) + "' after a closing quote");
    return value;
  }

  void consume_line_end() {
    if (text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }

  const std::string& text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

std::optional<std::size_t> CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

namespace {

// Every field must be UTF-8: names travel into JSON, whose strings are UTF-8.
void require_utf8(const std::string& source, const CsvRow& row,
                  const std::vector<std::string>& header) {
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    const std::size_t at = invalid_utf8_at(row.fields[i]);
    if (at == std::string::npos) continue;
    char byte[8];
    std::snprintf(byte, sizeof byte, "\\x%02X", static_cast<unsigned char>(row.fields[i][at]));
    const std::string column =
        i < header.size() ? "column '" + header[i] + "' (field " + std::to_string(i + 1) + ")"
                          : "field " + std::to_string(i + 1);
    throw DataError(source + ":" + std::to_string(row.line) + ": " + column + ": byte " + byte +
                    " at position " + std::to_string(at + 1) +
                    " is not UTF-8; save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)");
  }
}

}  // namespace

CsvTable parse_csv(std::istream& in, const std::string& source) {
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw NoInputError(source + ": cannot read the input file");
  if (text.compare(0, 2, "\xFF\xFE") == 0 || text.compare(0, 2, "\xFE\xFF") == 0)
    throw DataError(source +
                    ": the file is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
  CsvTable table;
  table.source = source;
  RecordParser parser(text, source);
  CsvRow header;
  if (!parser.next(header)) throw DataError(source + ": the file is empty (no header line)");

  require_utf8(source, header, {});
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = trim(header.fields[i]);
    if (name.empty())
      throw DataError(source + ":" + std::to_string(header.line) + ": column " +
                      std::to_string(i + 1) + " of the header has no name");
    auto [it, inserted] = seen.emplace(name, i);
    if (!inserted)
      throw DataError(source + ":" + std::to_string(header.line) + ": duplicate column '" + name +
                      "' (columns " + std::to_string(it->second + 1) + " and " +
                      std::to_string(i + 1) + ")");
    table.header.push_back(name);
  }

  CsvRow row;
  while (parser.next(row)) {
    if (row.fields.size() != table.header.size())
      throw DataError(source + ":" + std::to_string(row.line) + ": row has " +
                      std::to_string(row.fields.size()) + " fields but the header has " +
                      std::to_string(table.header.size()));
    require_utf8(source, row, table.header);
    table.rows.push_back(row);
  }
  if (table.rows.empty()) throw DataError(source + ": the file has a header but no data rows");
  return table;
}

CsvTable read_csv(const std::string& path) {
  if (path == "-") return parse_csv(std::cin, "standard input");
  std::ifstream in = open_input_file(path, "the input file", "a CSV file");
  return parse_csv(in, path);
}

}  // namespace metamc
