// JsonDocument: every refusal names the file and the field's path, and null reads back as what
// JsonWriter wrote it for (an absent or non-finite value).
#include "metamc/io/json_document.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "metamc/error.hpp"
#include "metamc/reports/json_writer.hpp"

namespace metamc {
namespace {

class JsonDocumentTest : public ::testing::Test {
 protected:
  JsonDocument document(const std::string& text) {
    std::ofstream(path_) << text;
    return JsonDocument(path_, "the shard");
  }
  template <typename Read>
  std::string refusal(Read read) {
    try {
      read();
    } catch (const DataError& e) {
      return e.what();
    }
    return "";
  }
  void TearDown() override { std::filesystem::remove(path_); }

  const std::string path_ = (std::filesystem::temp_directory_path() /
                             ("metamc_json_document_" + std::to_string(::getpid()) + ".json"))
                                .string();
};

TEST_F(JsonDocumentTest, ReadsWhatJsonWriterWrites) {
  const JsonDocument d = document(R"({"a": {"ci": [-1.5, null], "n": 3, "x": null, "b": true}})");
  const auto& a = d.at(d.root(), "a", "");
  const Interval ci = d.interval(d.at(a, "ci", "a"), "a.ci");
  EXPECT_EQ(ci.lower, -1.5);
  EXPECT_TRUE(std::isnan(ci.upper));  // a bound that was not finite
  EXPECT_EQ(d.integer(d.at(a, "n", "a"), "a.n"), 3);
  EXPECT_EQ(d.whole(d.at(a, "n", "a"), "a.n"), 3u);
  EXPECT_FALSE(d.optional_number(d.at(a, "x", "a"), "a.x"));
  EXPECT_FALSE(d.optional_interval(d.at(a, "x", "a"), "a.x"));
  EXPECT_TRUE(d.boolean(d.at(a, "b", "a"), "a.b"));
}

// Every double JsonWriter writes reads back as itself, -0 with its sign ("-0" would read as the
// integer 0); what is not finite reads back as NaN.
TEST_F(JsonDocumentTest, ReadsBackEveryDoubleJsonWriterWrites) {
  const std::vector<double> values = {-0.0, 0.0, 0.1, -1e-310, 5e-324, 1.7976931348623157e308,
                                      -2.5, 3.0};
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_object().key("x").inline_array(values).key("inf").value(HUGE_VAL).end_object();
  const JsonDocument d = document(out.str());
  const auto& x = d.at(d.root(), "x", "");
  ASSERT_EQ(x.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double read = d.number(x[i], "x");
    EXPECT_EQ(read, values[i]) << out.str();
    EXPECT_EQ(std::signbit(read), std::signbit(values[i])) << out.str();
  }
  EXPECT_TRUE(std::isnan(d.number_or_nan(d.at(d.root(), "inf", ""), "inf")));
}

TEST_F(JsonDocumentTest, RefusalsNameTheFileAndTheField) {
  const JsonDocument d = document(R"({"a": {"ci": [1], "n": -3, "s": 5}})");
  const auto& a = d.at(d.root(), "a", "");
  EXPECT_EQ(refusal([&] { d.at(a, "missing", "a"); }), path_ + ": a.missing is missing");
  EXPECT_EQ(refusal([&] { d.interval(d.at(a, "ci", "a"), "a.ci"); }),
            path_ + ": a.ci is not an interval [lower, upper]: [1]");
  EXPECT_EQ(refusal([&] { d.whole(d.at(a, "n", "a"), "a.n"); }),
            path_ + ": a.n is not a whole number: -3");
  const JsonDocument big = document(R"({"n": 18446744073709551615})");
  EXPECT_EQ(refusal([&] { big.integer(big.at(big.root(), "n", ""), "n"); }),
            path_ + ": n is not an integer: 18446744073709551615");
  EXPECT_EQ(refusal([&] { d.text(d.at(a, "s", "a"), "a.s"); }), path_ + ": a.s is not a string: 5");
  EXPECT_EQ(refusal([&] { d.at(d.at(a, "s", "a"), "x", "a.s"); }),
            path_ + ": a.s is not an object: 5");
  EXPECT_EQ(refusal([&] { document("{\"a\": [1,\n 2"); }).rfind(path_ + ": not JSON: ", 0), 0u);
  // Found by tests/fuzz/fuzz_shards.cpp: the JSON library reports this one as out of range.
  EXPECT_EQ(refusal([&] { document("{\"a\": -4.4e8195884135}"); }),
            path_ + ": not JSON: number overflow parsing '-4.4e8195884135'");
}

}  // namespace
}  // namespace metamc
