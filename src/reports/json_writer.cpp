#include "metamc/reports/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "metamc/text.hpp"

namespace metamc {
namespace {

// The shortest decimal that reads back as x; -0 as "-0.0", which JSON readers take for the double
// -0 where "-0" would be the integer 0; null where x is not finite.
std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  return x == 0 && std::signbit(x) ? "-0.0" : shortest_decimal(x);
}

}  // namespace

std::string JsonWriter::quote(const std::string& text) {
  const std::string s = valid_utf8(text);  // JSON text is UTF-8
  std::string q = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        q += "\\\"";
        break;
      case '\\':
        q += "\\\\";
        break;
      case '\n':
        q += "\\n";
        break;
      case '\r':
        q += "\\r";
        break;
      case '\t':
        q += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          q += buffer;
        } else {
          q += static_cast<char>(c);
        }
    }
  }
  return q + "\"";
}

void JsonWriter::newline() {
  out_ << '\n';
  for (std::size_t i = 0; i < stack_.size(); ++i) out_ << "  ";
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!stack_.empty()) {
    if (!stack_.back().empty) out_ << ',';
    stack_.back().empty = false;
    newline();
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ << '{';
  stack_.push_back({true, true});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ << '}';
  if (stack_.empty()) out_ << '\n';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ << '[';
  stack_.push_back({false, true});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline();
  out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::key(const std::string& name) {
  if (!stack_.back().empty) out_ << ',';
  stack_.back().empty = false;
  newline();
  out_ << quote(name) << ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(double x) {
  before_value();
  out_ << json_number(x);
  return *this;
}

JsonWriter& JsonWriter::value(std::optional<double> x) {
  return x ? value(*x) : null();
}

JsonWriter& JsonWriter::value(long long x) {
  before_value();
  out_ << x;
  return *this;
}

JsonWriter& JsonWriter::value(unsigned long long x) {
  before_value();
  out_ << x;
  return *this;
}

JsonWriter& JsonWriter::value(bool x) {
  before_value();
  out_ << (x ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::value(const std::string& s) {
  before_value();
  out_ << quote(s);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  return *this;
}

JsonWriter& JsonWriter::inline_array(const std::vector<double>& xs) {
  before_value();
  out_ << '[';
  for (std::size_t i = 0; i < xs.size(); ++i) out_ << (i ? ", " : "") << json_number(xs[i]);
  out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::inline_integers(const std::vector<unsigned long long>& xs) {
  before_value();
  out_ << '[';
  for (std::size_t i = 0; i < xs.size(); ++i) out_ << (i ? ", " : "") << xs[i];
  out_ << ']';
  return *this;
}

}  // namespace metamc
