// A JSON file metamc wrote and reads back (`metamc merge`), its fields checked on access: every
// error is a DataError naming the file and the field's path ("shard.index is not a whole number:
// -1"), never an exception of the JSON library.
#ifndef METAMC_IO_JSON_DOCUMENT_HPP
#define METAMC_IO_JSON_DOCUMENT_HPP

#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "metamc/interval.hpp"

namespace metamc {

class JsonDocument {
 public:
  using Json = nlohmann::ordered_json;  // objects keep their order: group keys are ordered

  /// Reads and parses `path`; `name` says what it is in the messages ("the shard").
  JsonDocument(const std::string& path, const std::string& name);
  /// Parses what `in` holds; `path` names it in the messages.
  JsonDocument(std::istream& in, const std::string& path);

  const std::string& path() const { return path_; }
  const Json& root() const { return json_; }

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

  /// The path of `key` in the object at `field` ("" for the root): "field.key", or "key".
  static std::string path_of(const std::string& field, const std::string& key) {
    return field.empty() ? key : field + "." + key;
  }

  /// object[key], where `field` is the object's path ("" for the root).
  const Json& at(const Json& object, const std::string& key, const std::string& field) const;

  double number(const Json& j, const std::string& field) const;
  /// A number, or null: what JsonWriter writes for a value that is absent or not finite.
  std::optional<double> optional_number(const Json& j, const std::string& field) const;
  /// null read as NaN: a number JsonWriter wrote as null because it was not finite.
  double number_or_nan(const Json& j, const std::string& field) const;
  std::uint64_t whole(const Json& j, const std::string& field) const;
  int integer(const Json& j, const std::string& field) const;
  bool boolean(const Json& j, const std::string& field) const;
  std::string text(const Json& j, const std::string& field) const;
  std::vector<double> numbers(const Json& j, const std::string& field) const;
  std::vector<std::string> texts(const Json& j, const std::string& field) const;
  /// [lower, upper].
  Interval interval(const Json& j, const std::string& field) const;
  std::optional<Interval> optional_interval(const Json& j, const std::string& field) const;
  const Json& array(const Json& j, const std::string& field) const;
  const Json& object(const Json& j, const std::string& field) const;

 private:
  std::string path_;
  Json json_;
};

}  // namespace metamc

#endif  // METAMC_IO_JSON_DOCUMENT_HPP
