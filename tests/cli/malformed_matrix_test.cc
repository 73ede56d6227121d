// The same malformations applied to every file kind, starting from that
// kind's valid fixture file (tests/fixtures/small, governance or plan): each must exit 3, name
// the file, line and column, and leave the store unchanged.
#include <gtest/gtest.h>

#include "ingest/file_kind.h"
#include "kinds.h"

#include <regex>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

enum class Mutation {
  kEmptyFile,
  kHeaderOnly,
  kMissingRequiredColumn,
  kUnterminatedQuote,
  kTruncatedLastLine,
  kNotUtf8,
  kSameIdTwice,
  kWrongNhsCheckDigit,
  kImpossibleDate,
  kMonth13,
};

const char* name_of(Mutation m) {
  switch (m) {
    case Mutation::kEmptyFile:
      return "empty_file";
    case Mutation::kHeaderOnly:
      return "header_only";
    case Mutation::kMissingRequiredColumn:
      return "missing_required_column";
    case Mutation::kUnterminatedQuote:
      return "unterminated_quote";
    case Mutation::kTruncatedLastLine:
      return "truncated_last_line";
    case Mutation::kNotUtf8:
      return "not_utf8";
    case Mutation::kSameIdTwice:
      return "same_id_twice";
    case Mutation::kWrongNhsCheckDigit:
      return "wrong_nhs_check_digit";
    case Mutation::kImpossibleDate:
      return "impossible_date";
    case Mutation::kMonth13:
      return "month_13";
  }
  return "?";
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(1, sep) : "") + v[i];
  return out;
}

// The fixture's lines (no quoted fields in the first data row of any
// fixture, so a plain split on commas is exact for it).
struct Fixture {
  std::vector<std::string> header;
  std::vector<std::string> first_row;
  std::string text;
};

Fixture load(const std::string& kind) {
  Fixture f;
  f.text = read_file(kind_fixture(kind));
  auto lines = split(f.text, '\n');
  f.header = split(lines.at(0), ',');
  f.first_row = split(lines.at(1), ',');
  return f;
}

int column_where(const Fixture& f, const std::regex& value_pattern,
                 const std::string& name_part = "") {
  for (size_t i = 0; i < f.header.size(); ++i) {
    if (!name_part.empty() && f.header[i].find(name_part) == std::string::npos) continue;
    if (std::regex_match(f.first_row[i], value_pattern)) return static_cast<int>(i);
  }
  return -1;
}

struct Built {
  bool applies = false;
  std::string content;
  std::vector<std::string> expect;
};

Built build(const std::string& kind, Mutation m) {
  Fixture f = load(kind);
  const std::string file = kind + ".csv";
  const std::string header = join(f.header, ',');
  const std::string row = join(f.first_row, ',');
  Built b;
  b.applies = true;
  switch (m) {
    case Mutation::kEmptyFile:
      b.expect = {file + ":1: (file): (empty): the file is empty"};
      break;
    case Mutation::kHeaderOnly:
      b.content = header + "\n";
      b.expect = {file + ":2: (file): (none): the file has a header but no data rows"};
      break;
    case Mutation::kMissingRequiredColumn: {
      auto h = f.header;
      auto r = f.first_row;
      std::string dropped = h[0];  // the first column of every kind is required
      h.erase(h.begin());
      r.erase(r.begin());
      b.content = join(h, ',') + "\n" + join(r, ',') + "\n";
      b.expect = {file + ":1: " + dropped + ": (missing): a required column is missing"};
      break;
    }
    case Mutation::kUnterminatedQuote: {
      auto r = f.first_row;
      r[1] = "\"" + r[1];
      b.content = header + "\n" + row + "\n" + join(r, ',') + "\n" + row + "\n";
      b.expect = {file + ":3: " + f.header[1] + ": -: unterminated quoted field"};
      break;
    }
    case Mutation::kTruncatedLastLine: {
      std::string cut = row.substr(0, row.rfind(','));  // the last field is lost
      b.content = f.text + cut;                         // no line end: the file stops short
      int line = static_cast<int>(std::count(f.text.begin(), f.text.end(), '\n')) + 1;
      b.expect = {file + ":" + std::to_string(line) + ": " + f.header.back() +
                  ": (missing): the row has " + std::to_string(f.header.size() - 1) +
                  " of the header's"};
      break;
    }
    case Mutation::kNotUtf8: {
      auto r = f.first_row;
      r[1] += "\xC3\x28";  // an invalid two-byte sequence
      b.content = header + "\n" + join(r, ',') + "\n";
      b.expect = {file + ":2: " + f.header[1] + ": ", "not valid UTF-8"};
      break;
    }
    case Mutation::kSameIdTwice:
      b.content = header + "\n" + row + "\n" + row + "\n";
      b.expect = {file + ":3: " + f.header[0] + ": ", "is already in this batch"};
      break;
    case Mutation::kWrongNhsCheckDigit: {
      int col = column_where(f, std::regex("[0-9 ]{10,12}"), "nhs_number");
      if (col < 0) return Built{};
      auto r = f.first_row;
      r[static_cast<size_t>(col)] = "9990000019";
      b.content = header + "\n" + join(r, ',') + "\n";
      b.expect = {
          file +
          ":2: nhs_number: 9990000019: not a valid NHS number: check digit is 9 but should be 8"};
      break;
    }
    case Mutation::kImpossibleDate: {
      int col =
          column_where(f, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}.*|[0-9]{2}/[0-9]{2}/[0-9]{4}"));
      if (col < 0) return Built{};
      auto r = f.first_row;
      std::string& v = r[static_cast<size_t>(col)];
      v = "2018-02-30" + (v.size() > 10 && v[4] == '-' ? v.substr(10) : "");
      b.content = header + "\n" + join(r, ',') + "\n";
      b.expect = {file + ":2: " + f.header[static_cast<size_t>(col)] + ": 2018-02-30",
                  "February 2018 has 28 days"};
      break;
    }
    case Mutation::kMonth13: {
      int col = column_where(f, std::regex("[0-9]{4}-[0-9]{2}"), "month");
      auto r = f.first_row;
      if (col >= 0) {
        r[static_cast<size_t>(col)] = "2017-13";
      } else {
        col = column_where(f, std::regex("[0-9]{1,2}"), "month");
        if (col < 0) return Built{};
        r[static_cast<size_t>(col)] = "13";
      }
      b.content = header + "\n" + join(r, ',') + "\n";
      b.expect = {file + ":2: month: " + r[static_cast<size_t>(col)] + ": "};
      break;
    }
  }
  return b;
}

using Param = std::tuple<std::string, Mutation>;

// Readable names in test output instead of the tuple's bytes (found by
// argument-dependent lookup through Mutation).
void PrintTo(const Param& p, std::ostream* os) {
  *os << std::get<0>(p) << "/" << name_of(std::get<1>(p));
}

// Every (kind, mutation) pair that applies: not every kind has an NHS
// number, a date or a month.
std::vector<Param> applicable() {
  std::vector<Param> out;
  for (const auto& kind : all_kind_names()) {
    for (Mutation m :
         {Mutation::kEmptyFile, Mutation::kHeaderOnly, Mutation::kMissingRequiredColumn,
          Mutation::kUnterminatedQuote, Mutation::kTruncatedLastLine, Mutation::kNotUtf8,
          Mutation::kSameIdTwice, Mutation::kWrongNhsCheckDigit, Mutation::kImpossibleDate,
          Mutation::kMonth13}) {
      if (build(kind, m).applies) out.emplace_back(kind, m);
    }
  }
  return out;
}

// A store with the reference data, the care plans that actions and
// reviews name, the boards' members, meetings and agenda items that the
// other governance kinds name, and the plan's workstreams and measures
// that milestones, values and savings name, and the care homes that
// placements and quality events name: made once for the suite
// (made_once.h).
std::string reference_store(const fs::path& dir) {
  return small_store(
      dir, {"partners", "practices", "providers", "persons", "schemes", "care_plans",
            "governance/providers_steering_board.csv", "board_members", "meetings", "agenda_items",
            "attendance", "workstreams", "key_measures", "quality/providers.csv"});
}

class MalformedMatrix : public ::testing::TestWithParam<Param> {};

TEST_P(MalformedMatrix, RejectedWithLocationAndStoreUnchanged) {
  const auto& [kind, mutation] = GetParam();
  Built b = build(kind, mutation);
  ASSERT_TRUE(b.applies);
  TempDir dir;
  std::string error;
  const fs::path made = made_once("malformed-matrix", reference_store, &error);
  ASSERT_EQ(error, "");
  copy_made(made, dir.path());
  fs::path db = dir / "bettercare.db";
  StoreFingerprint before = fingerprint(db);
  write_file(dir / (kind + ".csv"), b.content);
  RunResult r = run_bc(dir, {"import", kind + ".csv"});
  EXPECT_EQ(r.code, 3) << r.err;
  for (const auto& e : b.expect) {
    EXPECT_NE(r.err.find(e), std::string::npos) << "expected: " << e << "\nstderr:\n" << r.err;
  }
  EXPECT_TRUE(fingerprint(db) == before) << "the store changed";
}

INSTANTIATE_TEST_SUITE_P(EveryKind, MalformedMatrix, ::testing::ValuesIn(applicable()),
                         [](const ::testing::TestParamInfo<Param>& p) {
                           return std::get<0>(p.param) + "_" + name_of(std::get<1>(p.param));
                         });

}  // namespace
}  // namespace bc::test
