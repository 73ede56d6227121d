// The snapshot saved beside the store (engine/snapshot_file.h,
// engine/saved_snapshot.h): it round-trips every column; a damaged,
// truncated or stale file is refused, saying why, and rebuilt with the
// same figures; a new batch is followed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "../support/test_backend.h"
#include "engine/metric_def.h"
#include "engine/metric_json.h"
#include "engine/metric_query.h"
#include "engine/saved_snapshot.h"
#include "engine/snapshot_columns.h"
#include "engine/snapshot_file.h"
#include "ingest/importer.h"
#include "ingest/register_months.h"

namespace bc {
namespace snapshot_file_test {

namespace fs = std::filesystem;

const fs::path kSmallFixture = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

class SnapshotFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-snapfile-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    file_ = dir_ / "figures.snapshot";
    // The file's place, on either backend (a PostgreSQL store has none
    // unless it is named).
    setenv("BETTERCARE_SNAPSHOT", file_.c_str(), 1);
    auto store = test::open_test_store(dir_ / "s.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    import({"partners", "practices", "providers", "population", "persons", "conditions", "plans",
            "spells", "ae_attendances", "delayed_days", "bed_days", "care_home_admissions",
            "reablement", "care_plans", "care_plan_actions", "care_plan_reviews", "spa_referrals"});
    RegisterMonth m{*YearMonth::parse("2018-03"), 1, 5, {{"C1", 9990000018, 1}}};
    ASSERT_TRUE(save_register_month(*store_, m, "test").ok());
  }
  void TearDown() override {
    unsetenv("BETTERCARE_SNAPSHOT");
    store_.reset();
    fs::remove_all(dir_);
  }
  void import(std::initializer_list<const char*> kinds) {
    std::vector<ImportInput> in;
    for (const char* k : kinds)
      in.push_back({(kSmallFixture / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    ImportOptions o;
    o.care_plan_types = {{"general", 6}, {"end_of_life", 3}};
    auto r = import_batch(*store_, in, o);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed) << (r->errors.empty() ? "" : r->errors[0].to_string());
  }
  // Builds the snapshot and writes it to file_ with the store's stamp.
  void save_built() {
    auto built = build_snapshot(*store_);
    ASSERT_TRUE(built.ok()) << built.error();
    auto stamp = snapshot_stamp(*store_);
    ASSERT_TRUE(stamp.ok()) << stamp.error();
    ASSERT_TRUE(write_snapshot_file(**built, *stamp, file_).ok());
    built_ = std::move(*built);
    stamp_ = std::move(*stamp);
  }
  LoadedSnapshot load(SnapshotLoad how = SnapshotLoad::kMap) {
    auto l = load_snapshot(*store_, how);
    EXPECT_TRUE(l.ok()) << l.error();
    if (!l.ok()) return {};
    EXPECT_TRUE(l->saved.ok()) << l->saved.message();
    return std::move(*l);
  }
  // Every metric for 2017/18 by month, as JSON: the figures.
  std::string figures(const Snapshot& s) {
    const MetricConfig& cfg = builtin_metric_config();
    MetricRequest req;
    req.period = *Period::parse("2017/18");
    req.by = {"month"};
    auto q = MetricQuery::bind(cfg, s, req);
    EXPECT_TRUE(q.ok()) << q.error();
    if (!q.ok()) return "";
    auto rows = q->run(s);
    EXPECT_TRUE(rows.ok()) << rows.error();
    if (!rows.ok()) return "";
    nlohmann::json out = nlohmann::json::array();
    for (const MetricRow& r : *rows) out.push_back(metric_row_json(r));
    return out.dump();
  }

  // Every column's name and bytes (snapshot_columns.h's list).
  static std::vector<std::pair<std::string, std::string>> columns(const Snapshot& s) {
    std::vector<std::pair<std::string, std::string>> out;
    snapshot_internal::for_each_column(s, [&](const char* name, const auto& col, bool) {
      out.emplace_back(name, std::string(reinterpret_cast<const char*>(col.data()), col.bytes()));
    });
    return out;
  }

  fs::path dir_, file_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Snapshot> built_;  // save_built()'s
  SnapshotStamp stamp_;
};

TEST_F(SnapshotFileTest, EveryColumnRoundTrips) {
  auto built = build_snapshot(*store_);
  ASSERT_TRUE(built.ok()) << built.error();
  const Snapshot& b = **built;
  ASSERT_GT(b.spells.admitted.size(), 0u);
  ASSERT_GT(b.conditions.code.size(), 0u);
  ASSERT_GT(b.registers.day.size(), 0u);
  auto stamp = snapshot_stamp(*store_);
  ASSERT_TRUE(stamp.ok()) << stamp.error();
  ASSERT_TRUE(write_snapshot_file(b, *stamp, file_).ok());
  EXPECT_EQ(fs::status(file_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  for (SnapshotLoad how : {SnapshotLoad::kMap, SnapshotLoad::kRead}) {
    auto opened = open_snapshot_file(file_, *stamp, how);
    ASSERT_TRUE(opened.ok()) << opened.error();
    const Snapshot& o = **opened;
    // Every column (snapshot_columns.h's list) has the same values and is
    // a view of the file's bytes.
    EXPECT_EQ(columns(o), columns(b));
    EXPECT_TRUE(o.spells.admitted.is_view());
    EXPECT_EQ(o.practice_codes, b.practice_codes);
    EXPECT_EQ(o.cluster_names, b.cluster_names);
    EXPECT_EQ(o.provider_names, b.provider_names);
    EXPECT_EQ(o.diagnoses, b.diagnoses);
    EXPECT_EQ(o.diagnosis_group, b.diagnosis_group);
    EXPECT_EQ(o.secondary_lists, b.secondary_lists);
    EXPECT_EQ(o.practice_cluster, b.practice_cluster);
    EXPECT_EQ(o.plans, b.plans);
    EXPECT_EQ(o.ons, b.ons);
    EXPECT_EQ(o.loaded_months, b.loaded_months);
    EXPECT_EQ(o.spa.known_to, b.spa.known_to);
    EXPECT_EQ(figures(o), figures(b));
  }
}

// Built straight into the file a part at a time (what import and a
// rebuild do, so that a large area's snapshot is never all in memory): the
// parts written are freed as they go, and the file opens with the same
// columns as one written from a snapshot built whole.
TEST_F(SnapshotFileTest, BuiltIntoTheFileAPartAtATime) {
  auto whole = build_snapshot(*store_);
  ASSERT_TRUE(whole.ok()) << whole.error();
  auto stamp = snapshot_stamp(*store_);
  ASSERT_TRUE(stamp.ok()) << stamp.error();
  auto writer = SnapshotFileWriter::create(*stamp, file_);
  ASSERT_TRUE(writer.ok()) << writer.error();
  std::vector<std::string> parts;
  size_t spells_when_spilled = 0;
  auto rest = build_snapshot(*store_, [&](Snapshot& s, std::string_view prefix) {
    parts.emplace_back(prefix);
    if (prefix == "spells.") spells_when_spilled = s.spells.admitted.size();
    return (*writer)->spill(s, prefix);
  });
  ASSERT_TRUE(rest.ok()) << rest.error();
  EXPECT_EQ(spells_when_spilled, (*whole)->spells.admitted.size());
  EXPECT_NE(std::find(parts.begin(), parts.end(), "conditions."), parts.end());
  // What was spilled is gone from memory; the people's NHS numbers stay.
  EXPECT_EQ((*rest)->spells.admitted.size(), 0u);
  EXPECT_EQ((*rest)->spells.rkey.owned_bytes(), 0u);
  EXPECT_EQ((*rest)->persons.rkey.size(), 0u);
  EXPECT_EQ((*rest)->persons.nhs.size(), (*whole)->persons.nhs.size());
  EXPECT_FALSE(fs::exists(file_));  // not there until finished
  ASSERT_TRUE((*writer)->finish(**rest).ok());
  EXPECT_EQ(fs::file_size(file_), (*writer)->bytes());

  auto opened = open_snapshot_file(file_, *stamp, SnapshotLoad::kMap);
  ASSERT_TRUE(opened.ok()) << opened.error();
  EXPECT_EQ(columns(**opened), columns(**whole));
  EXPECT_EQ((*opened)->loaded_months, (*whole)->loaded_months);
  EXPECT_EQ(figures(**opened), figures(**whole));

  // A writer dropped before it finishes leaves nothing behind.
  fs::remove(file_);
  {
    auto dropped = SnapshotFileWriter::create(*stamp, file_);
    ASSERT_TRUE(dropped.ok());
    auto copy = build_snapshot(*store_);
    ASSERT_TRUE(copy.ok());
    ASSERT_TRUE((*dropped)->spill(**copy, "spells.").ok());
  }
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find("figures.snapshot"), std::string::npos) << e.path();
}

// With a second core, a file store's snapshot is read on two threads
// (spells and A&E on one, the other parts on another, each with its own
// connection; engine/snapshot.cc, build_snapshot): the columns,
// dictionaries and figures are those read on one thread.
TEST_F(SnapshotFileTest, OneThreadOrTwo) {
  setenv("BETTERCARE_SNAPSHOT_THREADS", "1", 1);
  auto one = build_snapshot(*store_);
  unsetenv("BETTERCARE_SNAPSHOT_THREADS");
  ASSERT_TRUE(one.ok()) << one.error();
  std::mutex m;
  std::map<std::string, std::thread::id> spilled_by;
  auto two = build_snapshot(*store_, [&](Snapshot&, std::string_view prefix) {
    std::lock_guard lock(m);
    spilled_by[std::string(prefix)] = std::this_thread::get_id();
    return Status();  // nothing written: the columns stay in memory
  });
  ASSERT_TRUE(two.ok()) << two.error();
  if (!store_->is_postgresql() && std::thread::hardware_concurrency() >= 2) {
    ASSERT_TRUE(spilled_by.count("spells.") && spilled_by.count("conditions."));
    EXPECT_NE(spilled_by["spells."], spilled_by["conditions."]) << "read on one thread";
    EXPECT_EQ(spilled_by["spells."], spilled_by["ae."]);
    EXPECT_EQ(spilled_by["conditions."], spilled_by["registers."]);
  }
  EXPECT_EQ(columns(**two), columns(**one));
  EXPECT_EQ((*two)->provider_codes, (*one)->provider_codes);
  EXPECT_EQ((*two)->diagnoses, (*one)->diagnoses);
  EXPECT_EQ((*two)->secondary_lists, (*one)->secondary_lists);
  EXPECT_EQ((*two)->methods, (*one)->methods);
  EXPECT_EQ((*two)->loaded_months, (*one)->loaded_months);
  EXPECT_EQ((*two)->spa.known_to, (*one)->spa.known_to);
  EXPECT_EQ(figures(**two), figures(**one));

  // Built into a file a part at a time, the file's bytes are the same too:
  // the parts are written in one order whichever thread finished first.
  auto stamp = snapshot_stamp(*store_);
  ASSERT_TRUE(stamp.ok()) << stamp.error();
  auto into_file = [&](const fs::path& path) {
    auto writer = SnapshotFileWriter::create(*stamp, path);
    EXPECT_TRUE(writer.ok()) << writer.error();
    if (!writer.ok()) return std::string();
    auto rest = build_snapshot(
        *store_, [&](Snapshot& s, std::string_view prefix) { return (*writer)->spill(s, prefix); });
    EXPECT_TRUE(rest.ok()) << rest.error();
    if (!rest.ok()) return std::string();
    EXPECT_TRUE((*writer)->finish(**rest).ok());
    return read_file(path);
  };
  setenv("BETTERCARE_SNAPSHOT_THREADS", "1", 1);
  const std::string on_one = into_file(dir_ / "one.snapshot");
  unsetenv("BETTERCARE_SNAPSHOT_THREADS");
  EXPECT_FALSE(on_one.empty());
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(into_file(dir_ / "two.snapshot") == on_one) << "the file's bytes differ, try " << i;
}

// The import saves the snapshot without holding it: save_snapshot builds
// it into the file, and leaves a file whose stamp is the store's now.
TEST_F(SnapshotFileTest, SavedForTheNextCommand) {
  auto saved = save_snapshot(*store_);
  ASSERT_TRUE(saved.ok()) << saved.error();
  EXPECT_FALSE(saved->up_to_date);
  auto whole = build_snapshot(*store_);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(saved->persons, static_cast<int64_t>((*whole)->persons.nhs.size()));
  EXPECT_EQ(saved->events, (*whole)->events());
  EXPECT_EQ(saved->bytes, fs::file_size(file_));
  auto again = save_snapshot(*store_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->up_to_date);
  LoadedSnapshot next = load();
  EXPECT_TRUE(next.from_file);
  EXPECT_EQ(figures(*next.snapshot), figures(**whole));
}

// A file that cannot be written (its folder is gone) loses nothing: the
// snapshot is built in memory, with the same figures, and the reason is
// given; import's save says so too.
TEST_F(SnapshotFileTest, AFileThatCannotBeWrittenLeavesTheSnapshotBuiltInMemory) {
  auto whole = build_snapshot(*store_);
  ASSERT_TRUE(whole.ok()) << whole.error();
  setenv("BETTERCARE_SNAPSHOT", (dir_ / "gone" / "figures.snapshot").c_str(), 1);
  auto l = load_snapshot(*store_, SnapshotLoad::kMap);
  ASSERT_TRUE(l.ok()) << l.error();
  EXPECT_FALSE(l->from_file);
  EXPECT_FALSE(l->saved.ok());
  EXPECT_NE(l->saved.message().find("cannot write the snapshot"), std::string::npos)
      << l->saved.message();
  EXPECT_EQ(figures(*l->snapshot), figures(**whole));
  auto saved = save_snapshot(*store_);
  EXPECT_FALSE(saved.ok());
  EXPECT_FALSE(fs::exists(dir_ / "gone"));
}

TEST_F(SnapshotFileTest, AStaleDamagedOrTruncatedFileIsRefusedSayingWhy) {
  ASSERT_NO_FATAL_FAILURE(save_built());
  const std::string good = read_file(file_);
  auto refusal = [&](const SnapshotStamp& want) {
    auto o = open_snapshot_file(file_, want, SnapshotLoad::kMap);
    return o.ok() ? std::string("opened") : o.status().message();
  };
  EXPECT_EQ(refusal(stamp_), "opened");

  // Stale: another batch, other registers, another schema, other keys.
  SnapshotStamp other = stamp_;
  other.sources.batch += 1;
  EXPECT_EQ(refusal(other).rfind("stale: built from import batch", 0), 0u) << refusal(other);
  other = stamp_;
  other.sources.registers += "x";
  EXPECT_EQ(refusal(other), "stale: the saved registers have changed since");
  other = stamp_;
  other.schema_version += 1;
  EXPECT_EQ(refusal(other).rfind("stale: built at schema version", 0), 0u) << refusal(other);
  other = stamp_;
  other.key_tag = snapshot_key_tag("another key");
  EXPECT_EQ(refusal(other), "stale: built with another store's keys");

  // One byte changed in the columns, in the header, or the file cut short.
  std::string bad = good;
  bad[bad.size() - 100] ^= 0x10;
  write_file(file_, bad);
  EXPECT_EQ(refusal(stamp_), "its checksum is wrong");
  bad = good;
  bad[60] ^= 0x01;
  write_file(file_, bad);
  EXPECT_NE(refusal(stamp_), "opened");
  // Every byte is under a checksum (the padding too): a change anywhere is
  // refused.
  for (size_t at = 0; at < good.size(); at += 37) {
    bad = good;
    bad[at] ^= 0x01;
    write_file(file_, bad);
    EXPECT_NE(refusal(stamp_), "opened") << "a change at byte " << at << " of " << good.size();
  }
  write_file(file_, good.substr(0, good.size() / 2));
  EXPECT_EQ(refusal(stamp_),
            fmt::format("it is {} bytes long but should be {}", good.size() / 2, good.size()));
  write_file(file_, good.substr(0, 20));
  EXPECT_EQ(refusal(stamp_), "not a bettercare snapshot file");
  write_file(file_, "");
  EXPECT_EQ(refusal(stamp_), "not a bettercare snapshot file");
  fs::remove(file_);
  auto missing = open_snapshot_file(file_, stamp_, SnapshotLoad::kMap);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

// A file whose checksum is right (as a fuzzer's is not checked) but whose
// indexes name entries that do not exist is refused, not used: the engine
// indexes without checks.
TEST_F(SnapshotFileTest, IndexesOutOfRangeAreRefusedWhateverTheChecksum) {
  ASSERT_NO_FATAL_FAILURE(save_built());
  const std::string good = read_file(file_);
  auto parse = [&](const std::string& bytes) {
    auto o = parse_snapshot_bytes(std::as_bytes(std::span(bytes)), stamp_, false);
    return o.ok() ? std::string("opened") : o.status().message();
  };
  // (A string's buffer is aligned for every column's type.)
  EXPECT_EQ(parse(good), "opened");
  // The first spell's person, made one past the last person.
  auto mapped = open_snapshot_file(file_, stamp_, SnapshotLoad::kRead);
  ASSERT_TRUE(mapped.ok());
  const auto* base = static_cast<const char*>((*mapped)->backing.get());
  const size_t at =
      static_cast<size_t>(reinterpret_cast<const char*>((*mapped)->spells.person.data()) - base);
  std::string bad = good;
  const int32_t past = static_cast<int32_t>(built_->persons.nhs.size());
  std::memcpy(bad.data() + at, &past, sizeof past);
  EXPECT_EQ(parse(bad), "its spells are out of range");
}

TEST_F(SnapshotFileTest, ACorruptedOrTruncatedSnapshotIsRebuiltWithTheSameFigures) {
  LoadedSnapshot first = load();
  ASSERT_TRUE(first.snapshot);
  EXPECT_FALSE(first.from_file);
  EXPECT_TRUE(fs::exists(file_));
  const std::string want = figures(*first.snapshot);
  ASSERT_NE(want.find("\"value\""), std::string::npos);

  LoadedSnapshot again = load();
  EXPECT_TRUE(again.from_file);
  EXPECT_EQ(figures(*again.snapshot), want);

  const std::string good = read_file(file_);
  std::string corrupt = good;
  corrupt[corrupt.size() / 2] ^= 0x5a;
  write_file(file_, corrupt);
  LoadedSnapshot after_corrupt = load();
  EXPECT_FALSE(after_corrupt.from_file);
  EXPECT_EQ(after_corrupt.not_used_because, "its checksum is wrong");
  EXPECT_EQ(figures(*after_corrupt.snapshot), want);
  EXPECT_EQ(read_file(file_), good);  // saved again, whole

  write_file(file_, good.substr(0, good.size() - 4096));
  LoadedSnapshot after_truncate = load(SnapshotLoad::kRead);
  EXPECT_FALSE(after_truncate.from_file);
  EXPECT_NE(after_truncate.not_used_because.find("bytes long but should be"), std::string::npos);
  EXPECT_EQ(figures(*after_truncate.snapshot), want);
  EXPECT_TRUE(load().from_file);
}

TEST_F(SnapshotFileTest, ANewBatchIsFollowed) {
  LoadedSnapshot before = load();
  const size_t spells = before.snapshot->spells.admitted.size();
  const std::string figures_before = figures(*before.snapshot);
  // One more emergency admission, in April 2017.
  std::vector<ImportInput> in{{"spells_2017-04.csv", FileKind::kSpells,
                               "spell_id,nhs_number,provider_code,admission_date,discharge_date,"
                               "admission_method,primary_diagnosis,secondary_diagnoses,"
                               "discharge_destination,cost\n"
                               "NEW1,9990000018,RHM,2017-04-10,2017-04-12,21,I10,,19,1200.00\n"}};
  auto r = import_batch(*store_, in, ImportOptions{});
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(r->committed) << (r->errors.empty() ? "" : r->errors[0].to_string());

  LoadedSnapshot after = load();
  EXPECT_FALSE(after.from_file);
  EXPECT_EQ(after.not_used_because.rfind("stale: built from import batch", 0), 0u)
      << after.not_used_because;
  EXPECT_EQ(after.snapshot->spells.admitted.size(), spells + 1);
  EXPECT_NE(figures(*after.snapshot), figures_before);
  LoadedSnapshot next = load();
  EXPECT_TRUE(next.from_file);
  EXPECT_EQ(next.snapshot->spells.admitted.size(), spells + 1);
}

}  // namespace snapshot_file_test
}  // namespace bc
