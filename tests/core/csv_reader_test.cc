#include "core/csv_reader.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace bc {
namespace {

struct Read {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  std::string error;
  int64_t error_line = 0;
  size_t error_field = 0;
};

Read read_all(std::string text) {
  auto r = CsvReader::from_string(std::move(text));
  Read out;
  CsvRecord rec;
  while (r->next(&rec)) {
    out.rows.emplace_back(rec.fields.begin(), rec.fields.end());
    out.lines.push_back(rec.line);
  }
  if (const CsvError* e = r->error()) {
    out.error = e->reason;
    out.error_line = e->line;
    out.error_field = e->field_index;
  }
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainRowsWithLf) {
  Read r = read_all("a,b,c\n1,2,3\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(r.error.empty());
}

TEST(CsvReader, CrLfAndLoneCrAndNoFinalNewline) {
  EXPECT_EQ(read_all("a,b\r\n1,2\r\n").rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_all("a,b\r1,2\r").rows, (Rows{{"a", "b"}, {"1", "2"}}));
  Read r = read_all("a,b\n1,2");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_TRUE(r.error.empty());
}

TEST(CsvReader, QuotedCommasQuotesAndLineBreaks) {
  Read r = read_all("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"two\nlines\",x\nlast,y\n");
  EXPECT_EQ(
      r.rows,
      (Rows{{"name", "note"}, {"Smith, J", "said \"hi\""}, {"two\nlines", "x"}, {"last", "y"}}));
  // Physical lines: the record after a quoted line break starts on line 5.
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3, 5}));
}

TEST(CsvReader, QuotedCrLfInsideAFieldCountsOneLine) {
  Read r = read_all("a\r\n\"x\r\ny\"\r\nz\r\n");
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"x\r\ny"}, {"z"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 4}));
}

TEST(CsvReader, EmptyFieldsAndTrailingComma) {
  EXPECT_EQ(read_all("a,b,c\n,,\n1,,\n\"\",x,\n").rows,
            (Rows{{"a", "b", "c"}, {"", "", ""}, {"1", "", ""}, {"", "x", ""}}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  Read r = read_all("\xEF\xBB\xBFid,name\n1,x\n");
  EXPECT_EQ(r.rows, (Rows{{"id", "name"}, {"1", "x"}}));
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  Read r = read_all("a\n\n1\r\n\r\n2\n\n");
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"1"}, {"2"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3, 5}));
}

TEST(CsvReader, EmptyInputHasNoRecordsAndNoError) {
  Read r = read_all("");
  EXPECT_TRUE(r.rows.empty());
  EXPECT_TRUE(r.error.empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").rows.empty());
}

TEST(CsvReader, UnterminatedQuoteIsAnErrorNamingWhereItOpened) {
  Read r = read_all("a,b\n1,2\n3,\"oops\n4,5\n");
  EXPECT_EQ(r.rows.size(), 2u);
  EXPECT_NE(r.error.find("unterminated quoted field"), std::string::npos);
  EXPECT_NE(r.error.find("line 3"), std::string::npos);
  EXPECT_EQ(r.error_line, 3);
  EXPECT_EQ(r.error_field, 1u);
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsAnError) {
  Read r = read_all("a,b\nab\"c,d\n");
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_NE(r.error.find("a quote inside an unquoted field"), std::string::npos);
  EXPECT_EQ(r.error_line, 2);
  EXPECT_EQ(r.error_field, 0u);
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  Read r = read_all("a,b\n\"x\"y,z\n");
  EXPECT_NE(r.error.find("after a closing quote"), std::string::npos);
  EXPECT_EQ(r.error_line, 2);
}

TEST(CsvReader, BytesArePassedThroughUndecoded) {
  Read r = read_all("a\n\xFF\xFE\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1][0], "\xFF\xFE");
}

// A file larger than the reader's buffer, with records and quoted fields
// straddling buffer boundaries, reads back exactly.
TEST(CsvReader, LargeFileStreamsAcrossBufferBoundaries) {
  auto path = std::filesystem::temp_directory_path() / "bettercare_csv_reader_test.csv";
  std::string expected_hash_input;
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("id,text\r\n", f);
    for (int i = 0; i < 120000; ++i) {
      std::fprintf(f, "%d,\"line %d, with \"\"quotes\"\"\r\nand a break\"\r\n", i, i);
    }
    std::fclose(f);
  }
  auto r = CsvReader::open_file(path.string());
  ASSERT_TRUE(r.ok()) << r.error();
  uint64_t observed = 0;
  (*r)->set_byte_observer([&](std::string_view bytes) { observed += bytes.size(); });
  CsvRecord rec;
  ASSERT_TRUE((*r)->next(&rec));
  int n = 0;
  while ((*r)->next(&rec)) {
    ASSERT_EQ(rec.size(), 2u);
    ASSERT_EQ(rec[0], std::to_string(n));
    ASSERT_EQ(rec[1], "line " + std::to_string(n) + ", with \"quotes\"\r\nand a break");
    ASSERT_EQ(rec.line, 2 + 2 * n);
    ++n;
  }
  EXPECT_EQ((*r)->error(), nullptr);
  EXPECT_EQ(n, 120000);
  EXPECT_EQ(observed, std::filesystem::file_size(path));
  EXPECT_EQ((*r)->bytes_read(), (*r)->total_bytes());
  EXPECT_GT((*r)->total_bytes(), 4u << 20);  // several buffers' worth
  std::filesystem::remove(path);
}

// Every error found, reading on after each one that is not final.
struct ReadOn {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  std::vector<std::pair<int64_t, std::string>> errors;  // line, reason
};

ReadOn read_on(std::string text) {
  auto r = CsvReader::from_string(std::move(text));
  ReadOn out;
  CsvRecord rec;
  for (int guard = 0; guard < 1000; ++guard) {
    if (r->next(&rec)) {
      out.rows.emplace_back(rec.fields.begin(), rec.fields.end());
      out.lines.push_back(rec.line);
      continue;
    }
    const CsvError* e = r->error();
    if (e == nullptr) break;
    out.errors.emplace_back(e->line, e->reason);
    if (e->final) break;
  }
  return out;
}

TEST(CsvReader, LoneCrInsideQuotesCountsALine) {
  Read r = read_all("a\r\"x\ry\"\rz\r");
  EXPECT_EQ(r.rows, (Rows{{"a"}, {"x\ry"}, {"z"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 4}));
  // Two lone CRs, and a CRLF, inside one quoted field.
  Read r2 = read_all("a\r\"x\r\ry\r\nw\"\rz\r");
  EXPECT_EQ(r2.lines, (std::vector<int64_t>{1, 2, 6}));
}

TEST(CsvReader, ReadsOnAfterASyntaxErrorFromTheNextLine) {
  ReadOn r = read_on("a,b\nab\"c,d\n1,2\n\"x\"y,z\r\n3,4\rlast,\"q\"\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"last", "q"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3, 5, 6}));
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].first, 2);
  EXPECT_NE(r.errors[0].second.find("a quote inside an unquoted field"), std::string::npos);
  EXPECT_EQ(r.errors[1].first, 4);
  EXPECT_NE(r.errors[1].second.find("after a closing quote"), std::string::npos);
}

TEST(CsvReader, AnErrorOnTheLastLineEndsCleanly) {
  ReadOn r = read_on("a\nb\"c");
  EXPECT_EQ(r.rows, (Rows{{"a"}}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].first, 2);
}

TEST(CsvReader, UnterminatedQuoteAtTheEndIsFinal) {
  auto r = CsvReader::from_string("a\n\"open\n");
  CsvRecord rec;
  ASSERT_TRUE(r->next(&rec));
  EXPECT_FALSE(r->next(&rec));
  ASSERT_NE(r->error(), nullptr);
  EXPECT_TRUE(r->error()->final);
  EXPECT_FALSE(r->next(&rec));
}

TEST(CsvReader, ARecordOverOneMebibyteIsAnErrorAndTheNextLineIsRead) {
  std::string big(kMaxRecordBytes + 1, 'x');
  ReadOn r = read_on("a,b\n1," + big + "\n2,3\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"2", "3"}}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].first, 2);
  EXPECT_NE(r.errors[0].second.find("longer than 1 MiB"), std::string::npos);
  // Exactly at the limit is accepted.
  ReadOn at = read_on("a\n" + std::string(kMaxRecordBytes - 1, 'y') + "\n");
  EXPECT_TRUE(at.errors.empty());
  EXPECT_EQ(at.rows.size(), 2u);
  // Nothing but commas counts too.
  ReadOn commas = read_on("a\n" + std::string(kMaxRecordBytes + 1, ',') + "\nz\n");
  ASSERT_EQ(commas.errors.size(), 1u);
  EXPECT_EQ(commas.rows, (Rows{{"a"}, {"z"}}));
}

TEST(CsvReader, AnOpenQuoteIsReportedAtTheRecordLimitNotBufferedToTheEnd) {
  std::string text = "a\n\"open";
  while (text.size() < 3 * kMaxRecordBytes) text += "\nmore,lines";
  ReadOn r = read_on(text);
  ASSERT_GE(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].first, 2);
  EXPECT_NE(r.errors[0].second.find("a quote opens at line 2 and is not closed"), std::string::npos)
      << r.errors[0].second;
}

TEST(CsvReader, FifoAndDeviceAreRefusedWithoutBlocking) {
  auto dev = CsvReader::open_file("/dev/zero");
  ASSERT_FALSE(dev.ok());
  EXPECT_NE(dev.error().find("not a regular file (a character device)"), std::string::npos);
  auto fifo = std::filesystem::temp_directory_path() / "bettercare_csv_reader_test.fifo";
  std::filesystem::remove(fifo);
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  auto r = CsvReader::open_file(fifo.string());  // would block for a writer if opened plainly
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("not a regular file (a FIFO)"), std::string::npos);
  std::filesystem::remove(fifo);
}

TEST(CsvReader, MissingFileAndDirectoryAreErrors) {
  auto missing = CsvReader::open_file("/nonexistent/bettercare.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("/nonexistent/bettercare.csv"), std::string::npos);
  auto dir = CsvReader::open_file(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().find("not a regular file (a directory)"), std::string::npos);
}

}  // namespace
}  // namespace bc
