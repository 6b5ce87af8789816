// A small streaming JSON writer: indented objects, commas and string escapes handled for the
// caller. Non-finite numbers are written as null (JSON has no NaN or infinity); bytes that are not
// UTF-8 (a file name from the command line, say) become U+FFFD, so the output is always JSON.
#ifndef METAMC_REPORTS_JSON_WRITER_HPP
#define METAMC_REPORTS_JSON_WRITER_HPP

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace metamc {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// Names the next value inside an object.
  JsonWriter& key(const std::string& name);

  JsonWriter& value(double x);
  JsonWriter& value(std::optional<double> x);
  JsonWriter& value(long long x);
  JsonWriter& value(unsigned long long x);
  JsonWriter& value(int x) { return value(static_cast<long long>(x)); }
  JsonWriter& value(std::size_t x) { return value(static_cast<long long>(x)); }
  JsonWriter& value(bool x);
  JsonWriter& value(const std::string& s);
  JsonWriter& value(const char* s) { return value(std::string(s)); }
  JsonWriter& null();
  /// A short array of numbers on one line, e.g. an interval [lower, upper].
  JsonWriter& inline_array(const std::vector<double>& xs);
  JsonWriter& inline_integers(const std::vector<unsigned long long>& xs);

  static std::string quote(const std::string& s);

 private:
  void before_value();
  void newline();

  struct Level {
    bool is_object;
    bool empty;
  };
  std::ostream& out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace metamc

#endif  // METAMC_REPORTS_JSON_WRITER_HPP
