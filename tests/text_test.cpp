// The text helpers that the readers and the reports share (src/text.cpp).
#include "metamc/text.hpp"

#include <gtest/gtest.h>

#include "metamc/system_memory.hpp"

namespace metamc {
namespace {

TEST(Text, CountedIsSingularForOneOnly) {
  EXPECT_EQ(counted(1, "chain"), "1 chain");
  EXPECT_EQ(counted(64, "chain"), "64 chains");
  EXPECT_EQ(counted(0, "draw"), "0 draws");
  EXPECT_EQ(counted(100000, "draw"), "100000 draws");
}

TEST(Significant, ThreeDigitsOnEveryScaleWithTrailingZerosKept) {
  EXPECT_EQ(significant(0.6487), "0.649");
  EXPECT_EQ(significant(1.0), "1.00");
  EXPECT_EQ(significant(12.074), "12.1");
  EXPECT_EQ(significant(462.3), "462");
  EXPECT_EQ(significant(0.04123), "0.0412");
  EXPECT_EQ(significant(0.001), "0.00100");
  EXPECT_EQ(significant(0.000114), "1.14e-04");
  EXPECT_EQ(significant(9317889317.8893), "9.32e+09");
  EXPECT_EQ(significant(-5.9e62), "-5.90e+62");
  EXPECT_EQ(significant(0.0), "0");
  EXPECT_EQ(significant(0.99996), "1.000");  // rounds up within the same width
}

TEST(ParseNumber, DecimalsOnly) {
  using S = ParsedNumber::Status;
  EXPECT_EQ(parse_number("0.5").value, 0.5);
  EXPECT_EQ(parse_number("+0.5").value, 0.5);
  EXPECT_EQ(parse_number(".5").value, 0.5);
  EXPECT_EQ(parse_number("-1e-3").value, -1e-3);
  EXPECT_EQ(parse_number("1e-310").value, 1e-310);  // subnormal: a number
  EXPECT_EQ(parse_number("0x10").status, S::not_a_number);
  EXPECT_EQ(parse_number("0x1p-3").status, S::not_a_number);
  EXPECT_EQ(parse_number("+-1").status, S::not_a_number);
  EXPECT_EQ(parse_number(" 1").status, S::not_a_number);
  EXPECT_EQ(parse_number("0.5.").status, S::not_a_number);
  EXPECT_EQ(parse_number("").status, S::not_a_number);
  EXPECT_EQ(parse_number("nan").status, S::nan);
  EXPECT_EQ(parse_number("inf").status, S::infinite);
  EXPECT_EQ(parse_number("1e400").status, S::overflow);
  EXPECT_EQ(parse_number("-1e400").status, S::overflow);
  EXPECT_EQ(parse_number("1e-400").status, S::underflow);
}

TEST(Utf8, InvalidSequencesAreFoundAndReplaced) {
  EXPECT_EQ(invalid_utf8_at("plain"), std::string::npos);
  EXPECT_EQ(invalid_utf8_at("S\xC3\xA1nchez \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string::npos);
  EXPECT_EQ(invalid_utf8_at("S\xE1nchez"), 1u);          // Latin-1
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u);            // overlong
  EXPECT_EQ(invalid_utf8_at("a\xED\xA0\x80"), 1u);       // a surrogate
  EXPECT_EQ(invalid_utf8_at("ab\xF4\x90\x80\x80"), 2u);  // beyond U+10FFFF
  EXPECT_EQ(invalid_utf8_at("\xE2\x82"), 0u);            // cut short
  EXPECT_EQ(valid_utf8("S\xE9n"), "S\xEF\xBF\xBDn");
  EXPECT_EQ(printable(std::string("a\0b\tc", 5)), "a\\x00b\\x09c");
}

TEST(FormatBytes, BinaryUnits) {
  EXPECT_EQ(format_bytes(512), "512 bytes");
  EXPECT_EQ(format_bytes(1000000), "976.6 KiB");
  EXPECT_EQ(format_bytes(1.5 * (1 << 30)), "1.5 GiB");
}

}  // namespace
}  // namespace metamc
