// Malformed input, fuzzed: every fixture file of the contract mutated at
// random (bytes flipped, quotes and commas inserted, lines cut, duplicated
// or dropped, invalid UTF-8), imported in-process. Whatever the input, the
// import must either commit or leave the store exactly as it was, and never
// crash (the sanitizer build runs this too). Deterministic: a fixed seed.
#include <gtest/gtest.h>

#include "ingest/file_kind.h"

#include <stdlib.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "../support/test_backend.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

// Every kind of the contract, from the importer's own list.
const std::vector<std::string> kKinds = [] {
  std::vector<std::string> out;
  for (const auto& k : bc::all_kinds()) out.emplace_back(k.name);
  return out;
}();

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every row of every table: compared before and after a rejected import.
std::string dump(Store& store) {
  std::string out;
  auto names = store.db().table_names();
  Status s;
  for (const auto& t : *names) {
    auto rows = store.db().prepare("SELECT * FROM " + t);
    while (rows->step(&s)) {
      out += t;
      for (int i = 0; i < 12; ++i) out.append("|").append(rows->text(i));
      out += "\n";
    }
  }
  return out;
}

std::string mutate(std::string text, std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); };
  static const std::string kInserts[] = {"\"",         ",",    "\n",           "\r\n", "\"\"",
                                         "\xFF",       "\xC3", "\x00",         "-",    "2018-02-30",
                                         "9990000019", "  ",   "\xEF\xBB\xBF", ";",    "13"};
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 7) {
      case 0:  // flip a byte
        if (!text.empty()) text[pick(text.size())] = static_cast<char>(rng() % 256);
        break;
      case 1: {  // insert something nasty
        const std::string& ins = kInserts[pick(std::size(kInserts))];
        text.insert(pick(text.size() + 1), ins.size() == 0 ? std::string(1, '\0') : ins);
        break;
      }
      case 2:  // cut the file short
        text.resize(pick(text.size() + 1));
        break;
      case 3: {  // duplicate a line
        size_t a = text.rfind('\n', pick(text.size()));
        size_t start = a == std::string::npos ? 0 : a + 1;
        size_t end = text.find('\n', start);
        if (end != std::string::npos) text.insert(end + 1, text.substr(start, end - start + 1));
        break;
      }
      case 4: {  // drop a line
        size_t start = text.find('\n', pick(text.size()));
        if (start != std::string::npos) {
          size_t end = text.find('\n', start + 1);
          text.erase(start, end == std::string::npos ? std::string::npos : end - start);
        }
        break;
      }
      case 5:  // delete a byte
        if (!text.empty()) text.erase(pick(text.size()), 1);
        break;
      case 6:  // a NUL byte
        text.insert(pick(text.size() + 1), std::string(1, '\0'));
        break;
    }
  }
  return text;
}

TEST(MutationFuzz, AnyInputCommitsOrChangesNothing) {
  std::string tmpl = (fs::temp_directory_path() / "bettercare-mutation-XXXXXX").string();
  fs::path dir = mkdtemp(tmpl.data());
  const fs::path fixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";
  // A kind's fixture: the small area's, or the seed's board meetings.
  auto fixture_of = [&fixtures](const std::string& kind) {
    const fs::path small = fixtures / "small" / (kind + ".csv");
    return fs::exists(small) ? small : fixtures / "governance" / (kind + ".csv");
  };
  auto store = test::open_test_store(dir / "test.db");
  ASSERT_TRUE(store.ok()) << store.error();
  {
    std::vector<ImportInput> base;
    for (const char* k : {"partners", "practices", "providers", "persons", "schemes",
                          "board_members", "meetings", "agenda_items"}) {
      base.push_back({fixture_of(k).string(), *kind_from_name(k)});
    }
    base.push_back({(fixtures / "governance" / "providers_steering_board.csv").string(),
                    FileKind::kProviders});
    auto r = import_batch(**store, base, ImportOptions{});
    ASSERT_TRUE(r.ok() && r->committed);
  }

  std::mt19937_64 rng(20180101);
  int committed = 0, rejected = 0;
  std::map<std::string, int> rounds_of;
  const int kRounds = 1500;
  for (int round = 0; round < kRounds; ++round) {
    const std::string& kind = kKinds[rng() % kKinds.size()];
    ++rounds_of[kind];
    std::string text = mutate(read(fixture_of(kind)), rng);
    fs::path file = dir / (kind + ".csv");
    std::ofstream(file, std::ios::binary) << text;
    std::string before = dump(**store);
    auto r = import_batch(**store, {{file.string(), *kind_from_name(kind)}}, ImportOptions{});
    ASSERT_TRUE(r.ok()) << "round " << round << ": " << r.error();
    if (r->committed) {
      ++committed;
      EXPECT_EQ(r->error_count, 0);
    } else {
      ++rejected;
      ASSERT_GT(r->error_count, 0) << "round " << round;
      for (const Problem& p : r->errors) {
        EXPECT_FALSE(p.reason.empty());
        EXPECT_EQ(p.file, file.string());
      }
      ASSERT_EQ(dump(**store), before)
          << "round " << round << " (" << kind << ") changed the store";
    }
  }
  // Both outcomes are exercised: the mutations are not all fatal or all harmless.
  EXPECT_GT(committed, kRounds / 20);
  EXPECT_GT(rejected, kRounds / 3);
  // Every kind's fixture was mutated, the newest ones included.
  for (const auto& kind : kKinds) EXPECT_GT(rounds_of[kind], 20) << kind;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bc
