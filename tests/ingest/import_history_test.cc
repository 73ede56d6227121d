// The import history and data quality (ingest/import_history.h) on the
// hand-written fixture of every kind (tests/fixtures/small), imported
// in-process: exact counts, the unlinked rows the fixture contains, and a
// later persons file linking earlier activity.
#include "ingest/import_history.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include "fixtures.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "../support/test_backend.h"
#include "ingest/importer.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

using ingest_fixtures::kSmall;

// The fixture's activity for NHS numbers not in its persons.csv: spell S4
// (999 000 0069), attendance A4 (999 000 0077), reablement episode R3
// (999 000 0085). Its conditions and care home admissions are all of
// registered people.
const std::vector<std::string> kUnlinked = {"9990000069", "9990000077", "9990000085"};

class ImportHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-import-history-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "h.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Imports the paths as one batch, which must commit.
  void import(const std::vector<std::string>& paths) {
    auto inputs = plan_import(paths, std::nullopt);
    ASSERT_TRUE(inputs.ok()) << inputs.error();
    ImportOptions options;
    options.actor = "analyst";
    auto report = import_batch(*store_, *inputs, options);
    ASSERT_TRUE(report.ok()) << report.error();
    ASSERT_TRUE(report->committed) << (report->errors.empty() ? "" : report->errors[0].to_string());
  }

  // The small fixture, then its persons and spells again (all replaced).
  void import_twice() {
    import({kSmall.string()});
    import({(kSmall / "spells.csv").string(), (kSmall / "persons.csv").string()});
  }

  std::map<std::string, SourceQuality> by_kind(const DataQuality& q) {
    std::map<std::string, SourceQuality> out;
    for (const auto& s : q.sources) out[s.kind] = s;
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ImportHistory, AnEmptyStoreHasNoHistoryAndNothingUnlinked) {
  auto batches = list_imports(*store_);
  ASSERT_TRUE(batches.ok()) << batches.error();
  EXPECT_TRUE(batches->empty());
  EXPECT_EQ(import_history_json(*batches), nlohmann::json::array());
  auto q = data_quality(*store_);
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_TRUE(q->sources.empty());
  EXPECT_EQ(q->unlinked_rows, 0);
  EXPECT_EQ(q->unlinked_people, 0);
  auto nhs = unlinked_nhs_numbers(*store_, 10);
  ASSERT_TRUE(nhs.ok()) << nhs.error();
  EXPECT_TRUE(nhs->empty());
}

TEST_F(ImportHistory, ListsEveryBatchWithItsFilesInImportOrder) {
  import_twice();
  auto batches = list_imports(*store_);
  ASSERT_TRUE(batches.ok()) << batches.error();
  ASSERT_EQ(batches->size(), 2u);

  const ImportBatchRecord& first = (*batches)[0];
  EXPECT_EQ(first.batch_id, 1);
  EXPECT_EQ(first.imported_by, "analyst");
  EXPECT_EQ(first.bettercare_version, BETTERCARE_VERSION);
  EXPECT_TRUE(std::regex_match(first.imported_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << first.imported_at;
  EXPECT_EQ(first.rows_read, 242);
  EXPECT_EQ(first.inserted, 242);
  EXPECT_EQ(first.replaced, 0);
  ASSERT_EQ(first.files.size(), 20u);
  // Reference data first, whatever the order in the directory.
  EXPECT_EQ(first.files[0].kind, "partners");
  EXPECT_EQ(first.files[0].seq, 1);
  EXPECT_EQ(first.files[3].kind, "population");
  EXPECT_EQ(first.files[3].first_date, "2017");
  EXPECT_EQ(first.files[3].last_date, "2017");
  EXPECT_EQ(first.files[4].kind, "persons");
  int64_t rows = 0;
  for (const auto& f : first.files) rows += f.rows_read;
  EXPECT_EQ(rows, first.rows_read);
  const ImportFileRecord* spells = nullptr;
  for (const auto& f : first.files) {
    if (f.kind == "spells") spells = &f;
  }
  ASSERT_NE(spells, nullptr);
  EXPECT_EQ(spells->path, (kSmall / "spells.csv").string());
  EXPECT_EQ(spells->rows_read, 4);
  EXPECT_EQ(spells->inserted, 4);
  EXPECT_EQ(spells->unlinked, 1);
  EXPECT_EQ(spells->first_date, "2017-04-03");
  EXPECT_EQ(spells->last_date, "2018-03-31");
  EXPECT_EQ(spells->sha256.size(), 64u);
  EXPECT_EQ(spells->bytes, static_cast<int64_t>(fs::file_size(kSmall / "spells.csv")));
  EXPECT_FALSE(first.files[0].unlinked.has_value());  // partners are not about a person
  EXPECT_FALSE(first.files[0].first_date.has_value());
  for (const auto& f : first.files) EXPECT_FALSE(f.covers.has_value()) << f.kind;

  // The second batch: persons before spells, every row replaced.
  const ImportBatchRecord& second = (*batches)[1];
  EXPECT_EQ(second.batch_id, 2);
  ASSERT_EQ(second.files.size(), 2u);
  EXPECT_EQ(second.files[0].kind, "persons");
  EXPECT_EQ(second.files[1].kind, "spells");
  EXPECT_EQ(second.files[1].seq, 2);
  EXPECT_EQ(second.rows_read, 9);
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.replaced, 9);
  EXPECT_EQ(second.files[1].sha256, spells->sha256);
}

TEST_F(ImportHistory, JsonIsTheShapeOfTheImportsCommand) {
  import_twice();
  auto batches = list_imports(*store_);
  ASSERT_TRUE(batches.ok()) << batches.error();
  nlohmann::json j = import_history_json(*batches);
  ASSERT_EQ(j.size(), 2u);
  for (const char* key : {"batch", "imported_at", "imported_by", "bettercare_version", "rows",
                          "inserted", "replaced", "files", "sources"}) {
    EXPECT_TRUE(j[0].contains(key)) << key;
  }
  EXPECT_EQ(j[0].size(), 9u);
  EXPECT_EQ(j[0]["sources"], nlohmann::json::array());  // CSV files only: none
  EXPECT_EQ(j[0]["batch"], 1);
  EXPECT_EQ(j[0]["rows"], 242);
  EXPECT_EQ(j[1]["replaced"], 9);
  ASSERT_EQ(j[0]["files"].size(), 20u);
  std::map<std::string, nlohmann::json> files;
  for (const auto& f : j[0]["files"]) files[f["kind"]] = f;
  EXPECT_EQ(files["spells"].size(), 11u);
  EXPECT_TRUE(files["spells"]["covers"].is_null());
  EXPECT_EQ(files["spells"]["rows"], 4);
  EXPECT_EQ(files["spells"]["unlinked"], 1);
  EXPECT_EQ(files["spells"]["first_date"], "2017-04-03");
  EXPECT_EQ(files["spells"]["last_date"], "2018-03-31");
  EXPECT_EQ(files["spells"]["path"], (kSmall / "spells.csv").string());
  EXPECT_TRUE(files["persons"]["unlinked"].is_null());
  EXPECT_TRUE(files["partners"]["first_date"].is_null());
  EXPECT_TRUE(files["partners"]["last_date"].is_null());
}

TEST_F(ImportHistory, DataQualityPerKindFromTheLatestBatch) {
  import_twice();
  auto q = data_quality(*store_);
  ASSERT_TRUE(q.ok()) << q.error();
  ASSERT_EQ(q->sources.size(), 20u);  // every kind of the fixture
  EXPECT_EQ(q->sources.front().kind, "partners");
  EXPECT_EQ(q->sources.back().kind, "spa_referrals");
  auto k = by_kind(*q);

  // Spells: last loaded by batch 2, which replaced all four.
  EXPECT_EQ(k["spells"].latest_batch, 2);
  EXPECT_FALSE(k["spells"].latest_imported_at.empty());
  EXPECT_EQ(k["spells"].rows_read, 4);
  EXPECT_EQ(k["spells"].inserted, 0);
  EXPECT_EQ(k["spells"].replaced, 4);
  EXPECT_EQ(k["spells"].skipped, 0);
  EXPECT_EQ(k["spells"].rows_in_store, 4);
  EXPECT_EQ(k["spells"].last_date, "2018-03-31");
  EXPECT_EQ(k["spells"].unlinked, 1);

  // A&E: only batch 1.
  EXPECT_EQ(k["ae_attendances"].latest_batch, 1);
  EXPECT_EQ(k["ae_attendances"].rows_read, 4);
  EXPECT_EQ(k["ae_attendances"].inserted, 4);
  EXPECT_EQ(k["ae_attendances"].replaced, 0);
  EXPECT_EQ(k["ae_attendances"].last_date, "2017-08-09");
  EXPECT_EQ(k["ae_attendances"].unlinked, 1);
  EXPECT_EQ(k["reablement"].unlinked, 1);
  EXPECT_EQ(k["conditions"].unlinked, 0);
  EXPECT_EQ(k["care_home_admissions"].unlinked, 0);
  EXPECT_EQ(k["delayed_days"].last_date, "2017-04");
  EXPECT_EQ(k["delayed_days"].rows_in_store, 3);

  // Persons: no unlinked count (they are the register) and no latest date
  // (their recorded range is of dates of birth).
  EXPECT_EQ(k["persons"].latest_batch, 2);
  EXPECT_EQ(k["persons"].replaced, 5);
  EXPECT_FALSE(k["persons"].unlinked.has_value());
  EXPECT_FALSE(k["persons"].last_date.has_value());
  EXPECT_FALSE(k["partners"].unlinked.has_value());
  EXPECT_FALSE(k["partners"].last_date.has_value());

  EXPECT_EQ(q->unlinked_rows, 3);
  EXPECT_EQ(q->unlinked_people, 3);

  nlohmann::json j = data_quality_json(*q);
  ASSERT_EQ(j["sources"].size(), 20u);
  EXPECT_EQ(j["unlinked_rows"], 3);
  EXPECT_EQ(j["unlinked_people"], 3);
  nlohmann::json spells;
  for (const auto& s : j["sources"]) {
    if (s["kind"] == "spells") spells = s;
  }
  EXPECT_EQ(spells["latest_batch"], 2);
  EXPECT_EQ(spells["rows"], 4);
  EXPECT_EQ(spells["inserted"], 0);
  EXPECT_EQ(spells["replaced"], 4);
  EXPECT_EQ(spells["skipped"], 0);
  EXPECT_EQ(spells["rows_in_store"], 4);
  EXPECT_EQ(spells["last_date"], "2018-03-31");
  EXPECT_EQ(spells["unlinked"], 1);
  EXPECT_TRUE(j["sources"][0]["unlinked"].is_null());
  // Aggregates only: no NHS number anywhere.
  EXPECT_FALSE(std::regex_search(j.dump(), std::regex("[0-9]{10}"))) << j.dump();
}

TEST_F(ImportHistory, DeclaredCoverageIsListedForTheActivityFilesOfItsBatch) {
  auto inputs = plan_import({kSmall.string()}, std::nullopt);
  ASSERT_TRUE(inputs.ok()) << inputs.error();
  ImportOptions options;
  options.covers.emplace(*YearMonth::from_parts(2017, 4), *YearMonth::from_parts(2018, 3));
  auto report = import_batch(*store_, *inputs, options);
  ASSERT_TRUE(report.ok()) << report.error();
  ASSERT_TRUE(report->committed);
  for (const FileReport& f : report->files) {
    EXPECT_EQ(f.covers.has_value(), spec_of(f.kind).activity) << spec_of(f.kind).name;
    if (f.covers) {
      EXPECT_EQ(f.covers->first.iso() + ".." + f.covers->second.iso(), "2017-04..2018-03");
    }
  }
  import({(kSmall / "bed_days.csv").string()});  // declares nothing

  auto batches = list_imports(*store_);
  ASSERT_TRUE(batches.ok()) << batches.error();
  ASSERT_EQ(batches->size(), 2u);
  int declared = 0;
  for (const auto& f : (*batches)[0].files) {
    auto kind = kind_from_name(f.kind);
    ASSERT_TRUE(kind.has_value()) << f.kind;
    EXPECT_EQ(f.covers.has_value(), spec_of(*kind).activity) << f.kind;
    if (f.covers) {
      ++declared;
      EXPECT_EQ(f.covers->first, "2017-04");
      EXPECT_EQ(f.covers->second, "2018-03");
    }
  }
  EXPECT_EQ(declared, 6);
  EXPECT_FALSE((*batches)[1].files[0].covers.has_value());
  nlohmann::json j = import_history_json(*batches);
  for (const auto& f : j[0]["files"]) {
    if (f["kind"] == "reablement") {
      EXPECT_EQ(f["covers"], (nlohmann::json{{"from", "2017-04"}, {"to", "2018-03"}}));
    }
    if (f["kind"] == "population") {
      EXPECT_TRUE(f["covers"].is_null());
    }
  }
  EXPECT_TRUE(j[1]["files"][0]["covers"].is_null());
}

TEST_F(ImportHistory, DeclaredCoverageIsCheckedBeforeAnythingIsWritten) {
  auto ym = [](int y, int m) { return *YearMonth::from_parts(y, m); };
  struct Refused {
    std::vector<std::string> files;
    std::pair<YearMonth, YearMonth> covers;
    std::string message;
  };
  const std::vector<Refused> refused = {
      {{"providers.csv", "population.csv"},
       {ym(2017, 4), ym(2018, 3)},
       "--covers applies to activity files (spells, ae_attendances, delayed_days, bed_days, "
       "care_home_admissions, reablement); this batch has none"},
      {{"spells.csv"}, {ym(2018, 3), ym(2017, 4)}, "the range starts (2018-03) after it ends"},
      {{"spells.csv"}, {ym(1950, 1), ym(2000, 1)}, "the range spans 601 months; at most 600"},
  };
  for (const Refused& r : refused) {
    std::vector<std::string> paths;
    for (const auto& f : r.files) paths.push_back((kSmall / f).string());
    auto inputs = plan_import(paths, std::nullopt);
    ASSERT_TRUE(inputs.ok()) << inputs.error();
    ImportOptions options;
    options.covers = r.covers;
    auto report = import_batch(*store_, *inputs, options);
    ASSERT_FALSE(report.ok()) << r.message;
    EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(report.error().find(r.message), std::string::npos) << report.error();
  }
  EXPECT_EQ(*store_->db().query_int("SELECT count(*) FROM import_batches"), 0);
  EXPECT_EQ(*store_->db().query_int("SELECT count(*) FROM population"), 0);
}

TEST(MonthRange, ParsesARangeOrOneMonthAndRefusesTheRest) {
  auto range = parse_month_range("2017-04..2018-03");
  ASSERT_TRUE(range.ok()) << range.error();
  EXPECT_EQ(range->first.iso(), "2017-04");
  EXPECT_EQ(range->second.iso(), "2018-03");
  auto one = parse_month_range("2018-03");
  ASSERT_TRUE(one.ok()) << one.error();
  EXPECT_EQ(one->first, one->second);
  EXPECT_EQ(one->first.iso(), "2018-03");
  auto longest = parse_month_range("1968-04..2018-03");
  ASSERT_TRUE(longest.ok()) << longest.error();
  EXPECT_EQ(longest->second.index() - longest->first.index() + 1, kMaxCoveredMonths);
  for (const char* bad :
       {"", "garbage", "2018-13", "2018-03..2017-04", "2017-04..", "..2018-03",
        "2017-04..2018-03..2019-03", "2017-4..2018-03", "2017-04...2018-03", "1968-03..2018-03"}) {
    auto r = parse_month_range(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST_F(ImportHistory, UnlinkedNhsNumbersAreTheFixturesSortedAndLimited) {
  import({kSmall.string()});
  auto all = unlinked_nhs_numbers(*store_, 100);
  ASSERT_TRUE(all.ok()) << all.error();
  EXPECT_EQ(*all, kUnlinked);
  auto two = unlinked_nhs_numbers(*store_, 2);
  ASSERT_TRUE(two.ok()) << two.error();
  EXPECT_EQ(*two, std::vector<std::string>(kUnlinked.begin(), kUnlinked.begin() + 2));
  for (int bad : {0, -1}) {
    auto r = unlinked_nhs_numbers(*store_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST_F(ImportHistory, ALaterPersonsFileLinksEarlierActivity) {
  import({kSmall.string()});
  // Register 999 000 0069, whose spell S4 was unlinked when imported.
  fs::path persons = dir_ / "persons.csv";
  std::ofstream(persons) << "nhs_number,date_of_birth,sex,practice_code\n"
                            "9990000069,1960-01-01,M,J82001\n";
  import({persons.string()});

  auto q = data_quality(*store_);
  ASSERT_TRUE(q.ok()) << q.error();
  auto k = by_kind(*q);
  EXPECT_EQ(k["spells"].unlinked, 0);  // the store now, not the import records
  EXPECT_EQ(k["ae_attendances"].unlinked, 1);
  EXPECT_EQ(k["reablement"].unlinked, 1);
  EXPECT_EQ(q->unlinked_rows, 2);
  EXPECT_EQ(q->unlinked_people, 2);
  EXPECT_EQ(k["persons"].latest_batch, 2);
  EXPECT_EQ(k["persons"].rows_read, 1);
  EXPECT_EQ(k["persons"].inserted, 1);
  EXPECT_EQ(k["persons"].rows_in_store, 6);

  auto nhs = unlinked_nhs_numbers(*store_, 100);
  ASSERT_TRUE(nhs.ok()) << nhs.error();
  EXPECT_EQ(*nhs, (std::vector<std::string>{"9990000077", "9990000085"}));

  // The history still says what the first import found.
  auto batches = list_imports(*store_);
  ASSERT_TRUE(batches.ok()) << batches.error();
  for (const auto& f : (*batches)[0].files) {
    if (f.kind == "spells") {
      EXPECT_EQ(f.unlinked, 1);
    }
  }
}

}  // namespace
}  // namespace bc
