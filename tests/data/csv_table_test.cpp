#include "metamc/data/csv_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "metamc/error.hpp"

namespace metamc {
namespace {

CsvTable parse(const std::string& text) {
  std::istringstream in(text);
  return parse_csv(in, "test.csv");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvTable, ReadsHeaderAndRows) {
  const CsvTable t = parse("study,yi\nA,1\nB,2\n");
  ASSERT_EQ(t.header, (std::vector<std::string>{"study", "yi"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1].fields[0], "B");
  EXPECT_EQ(t.rows[1].line, 3u);
  EXPECT_EQ(t.column("yi"), 1u);
  EXPECT_FALSE(t.column("sei"));
}

TEST(CsvTable, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  const CsvTable t = parse("study,note\n\"Smith, 2001\",\"said \"\"hi\"\"\nthen left\"\nB,x\n");
  EXPECT_EQ(t.rows[0].fields[0], "Smith, 2001");
  EXPECT_EQ(t.rows[0].fields[1], "said \"hi\"\nthen left");
  EXPECT_EQ(t.rows[1].line, 4u);  // the quoted line break counts
}

TEST(CsvTable, AcceptsCrlfAndByteOrderMarkAndSkipsBlankLines) {
  const CsvTable t = parse("\xEF\xBB\xBFstudy,yi\r\nA,1\r\n\r\nB,2\r\n");
  EXPECT_EQ(t.header[0], "study");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].fields[1], "1");
  EXPECT_EQ(t.rows[1].line, 4u);
}

TEST(CsvTable, LastLineWithoutNewline) {
  const CsvTable t = parse("a,b\n1,2");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields[1], "2");
}

TEST(CsvTable, KeepsEmptyFields) {
  const CsvTable t = parse("a,b,c\n1,,\n");
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"1", "", ""}));
}

TEST(CsvTable, RaggedRowIsAnError) {
  EXPECT_EQ(error_of("a,b\n1,2\n3\n"), "test.csv:3: row has 1 fields but the header has 2");
}

TEST(CsvTable, UnterminatedQuoteIsAnError) {
  EXPECT_EQ(error_of("a,b\n1,\"open\n2,3\n"),
            "test.csv:2: unterminated quoted field (a '\"' opened here is never closed)");
}

TEST(CsvTable, TextAfterClosingQuoteIsAnError) {
  EXPECT_EQ(error_of("a,b\n\"x\"y,2\n"),
            "test.csv:2: unexpected character 'y' after a closing quote");
}

TEST(CsvTable, DuplicateColumnIsAnError) {
  EXPECT_EQ(error_of("study,yi,yi\nA,1,2\n"),
            "test.csv:1: duplicate column 'yi' (columns 2 and 3)");
}

TEST(CsvTable, UnnamedColumnIsAnError) {
  EXPECT_EQ(error_of("study,,yi\nA,1,2\n"), "test.csv:1: column 2 of the header has no name");
}

TEST(CsvTable, EmptyFileIsAnError) {
  EXPECT_EQ(error_of(""), "test.csv: the file is empty (no header line)");
  EXPECT_EQ(error_of("\n\n"), "test.csv: the file is empty (no header line)");
}

TEST(CsvTable, HeaderWithoutRowsIsAnError) {
  EXPECT_EQ(error_of("study,yi\n"), "test.csv: the file has a header but no data rows");
}

TEST(CsvTable, MissingFileIsNoInputWithTheReason) {
  try {
    read_csv("/nonexistent/metamc/none.csv");
    FAIL() << "no error";
  } catch (const NoInputError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/metamc/none.csv: cannot open the input file (No such file or "
                 "directory)");
  }
}

TEST(CsvTable, DirectoryIsNoInput) {
  try {
    read_csv("/");
    FAIL() << "no error";
  } catch (const NoInputError& e) {
    EXPECT_STREQ(e.what(), "/: is a directory, not a CSV file");
  }
}

TEST(CsvTable, BytesThatAreNotUtf8AreAnErrorNamingLineAndColumn) {
  // Latin-1 "Sánchez": 0xE1 starts a three-byte sequence that does not follow.
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,0.2\nS\xE1nchez,0.3,0.2\n"),
            "test.csv:3: column 'study' (field 1): byte \\xE1 at position 2 is not UTF-8; save "
            "the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)");
  EXPECT_EQ(error_of("st\xFFudy,yi\nA,1\n"),
            "test.csv:1: field 1: byte \\xFF at position 3 is not UTF-8; save the file as UTF-8 "
            "(e.g. iconv -f WINDOWS-1252 -t UTF-8)");
  EXPECT_EQ(error_of("\xFF\xFEs\0t\0"),
            "test.csv: the file is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
  // Valid UTF-8 of every length passes: e-acute, the euro sign, an emoji.
  EXPECT_EQ(parse("study,yi\nS\xC3\xA1nchez \xE2\x82\xAC \xF0\x9F\x98\x80,1\n").rows.size(), 1u);
}

}  // namespace
}  // namespace metamc
