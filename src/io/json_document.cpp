#include "metamc/io/json_document.hpp"

#include <cmath>
#include <limits>

#include "metamc/data/input_file.hpp"
#include "metamc/error.hpp"

namespace metamc {
namespace {

std::string shown(const JsonDocument::Json& j) {
  const std::string s = j.dump();
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

JsonDocument::Json parse(std::istream& in, const std::string& path) {
  try {
    return JsonDocument::Json::parse(in);
  } catch (const JsonDocument::Json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without the tag;
    // also a number beyond double's range ("out_of_range.406: number overflow parsing ...").
    const std::string what = e.what();
    const auto tag_end = what.find("] ");
    throw DataError(
        path + ": not JSON: " + (tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
}

}  // namespace

JsonDocument::JsonDocument(const std::string& path, const std::string& name) : path_(path) {
  std::ifstream in = open_input_file(path, name, "a JSON file");
  json_ = parse(in, path);
}

JsonDocument::JsonDocument(std::istream& in, const std::string& path)
    : path_(path), json_(parse(in, path)) {}

void JsonDocument::fail(const std::string& field, const std::string& problem) const {
  throw DataError(path_ + ": " + (field.empty() ? "" : field + " ") + problem);
}

const JsonDocument::Json& JsonDocument::at(const Json& object, const std::string& key,
                                           const std::string& field) const {
  const std::string path = path_of(field, key);
  if (!object.is_object()) fail(field, "is not an object: " + shown(object));
  if (!object.contains(key)) fail(path, "is missing");
  return object[key];
}

double JsonDocument::number(const Json& j, const std::string& field) const {
  if (!j.is_number()) fail(field, "is not a number: " + shown(j));
  return j.get<double>();
}

std::optional<double> JsonDocument::optional_number(const Json& j, const std::string& field) const {
  if (j.is_null()) return std::nullopt;
  return number(j, field);
}

double JsonDocument::number_or_nan(const Json& j, const std::string& field) const {
  return optional_number(j, field).value_or(std::numeric_limits<double>::quiet_NaN());
}

std::uint64_t JsonDocument::whole(const Json& j, const std::string& field) const {
  if (!j.is_number_unsigned()) fail(field, "is not a whole number: " + shown(j));
  return j.get<std::uint64_t>();
}

int JsonDocument::integer(const Json& j, const std::string& field) const {
  if (!j.is_number_integer() ||
      (j.is_number_unsigned() && j.get<std::uint64_t>() > std::numeric_limits<int>::max()) ||
      j.get<std::int64_t>() < std::numeric_limits<int>::min() ||
      j.get<std::int64_t>() > std::numeric_limits<int>::max())
    fail(field, "is not an integer: " + shown(j));
  return static_cast<int>(j.get<std::int64_t>());
}

bool JsonDocument::boolean(const Json& j, const std::string& field) const {
  if (!j.is_boolean()) fail(field, "is not true or false: " + shown(j));
  return j.get<bool>();
}

std::string JsonDocument::text(const Json& j, const std::string& field) const {
  if (!j.is_string()) fail(field, "is not a string: " + shown(j));
  return j.get<std::string>();
}

std::vector<double> JsonDocument::numbers(const Json& j, const std::string& field) const {
  std::vector<double> out;
  const Json& a = array(j, field);
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(number(a[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<std::string> JsonDocument::texts(const Json& j, const std::string& field) const {
  std::vector<std::string> out;
  const Json& a = array(j, field);
  for (std::size_t i = 0; i < a.size(); ++i)
    out.push_back(text(a[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

Interval JsonDocument::interval(const Json& j, const std::string& field) const {
  if (!j.is_array() || j.size() != 2) fail(field, "is not an interval [lower, upper]: " + shown(j));
  return {number_or_nan(j[0], field + "[0]"), number_or_nan(j[1], field + "[1]")};
}

std::optional<Interval> JsonDocument::optional_interval(const Json& j,
                                                        const std::string& field) const {
  if (j.is_null()) return std::nullopt;
  return interval(j, field);
}

const JsonDocument::Json& JsonDocument::array(const Json& j, const std::string& field) const {
  if (!j.is_array()) fail(field, "is not an array: " + shown(j));
  return j;
}

const JsonDocument::Json& JsonDocument::object(const Json& j, const std::string& field) const {
  if (!j.is_object()) fail(field, "is not an object: " + shown(j));
  return j;
}

}  // namespace metamc
