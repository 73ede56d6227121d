// The key file and the store's file modes (store/site_keys.h, store.h).
#include "store/site_keys.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support/test_backend.h"
#include "store/audit.h"
#include "store/store.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

int mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

class SiteKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY(
        "key files beside an SQLite store (PostgreSQL: "
        "PgStore.AnEmptyDatabaseIsNotAStoreUntilInitAndKeysMustBeNamed)");
    ::unsetenv("BETTERCARE_KEY");
    ::unsetenv("BETTERCARE_KEY_FILE");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-keys-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    path_ = (dir_ / "s.db").string();
    key_ = path_ + ".key";
    old_umask_ = ::umask(022);  // a permissive umask, as many systems have
  }
  void TearDown() override {
    ::umask(old_umask_);
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Result<std::unique_ptr<Store>> open(const std::string& key_file = "") {
    return Store::open(path_, Store::Mode::kOpenExisting, key_file);
  }
  Result<std::unique_ptr<Store>> create() {
    return Store::open(path_, Store::Mode::kCreateIfMissing);
  }

  fs::path dir_;
  std::string path_, key_;
  mode_t old_umask_ = 022;
};

TEST_F(SiteKeysTest, ANewStoreItsSideFilesAndItsKeyFileAreOwnerOnlyWhateverTheUmask) {
  auto store = create();
  ASSERT_TRUE(store.ok()) << store.error();
  ASSERT_TRUE(append_audit(**store, "a", "view_person", "9990000018", "cli").ok());
  EXPECT_EQ(mode_of(path_), 0600);
  ASSERT_TRUE(fs::exists(path_ + "-wal"));
  ASSERT_TRUE(fs::exists(path_ + "-shm"));
  EXPECT_EQ(mode_of(path_ + "-wal"), 0600);
  EXPECT_EQ(mode_of(path_ + "-shm"), 0600);
  EXPECT_EQ(mode_of(key_), 0600);
  // A transaction's rollback journal, were the store ever out of WAL mode.
  ASSERT_TRUE((*store)->db().exec("PRAGMA journal_mode = DELETE").ok());
  ASSERT_TRUE((*store)->db().exec("BEGIN IMMEDIATE; CREATE TABLE t(x); ").ok());
  bool journal = fs::exists(path_ + "-journal");
  int journal_mode = mode_of(path_ + "-journal");
  ASSERT_TRUE((*store)->db().exec("ROLLBACK").ok());
  if (journal) {
    EXPECT_EQ(journal_mode, 0600);
  }

  const SiteKeys& k = (*store)->keys();
  for (const std::string* key : {&k.master, &k.pseudonym, &k.audit, &k.cell})
    EXPECT_EQ(key->size(), kSiteKeyBytes);
  EXPECT_NE(k.pseudonym, k.audit);
  EXPECT_NE(k.audit, k.cell);
  EXPECT_NE(k.master, k.cell);
  // The key is not in the store.
  EXPECT_EQ(bytes_of(path_).find(k.pseudonym), std::string::npos);
  EXPECT_EQ(bytes_of(path_).find(to_hex(k.pseudonym)), std::string::npos);
}

TEST_F(SiteKeysTest, AnExistingStoreOfOursIsTightenedTo0600) {
  { ASSERT_TRUE(create().ok()); }
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(mode_of(path_), 0600);
}

TEST_F(SiteKeysTest, TheKeysAreTheSameAtEveryOpenAndTheCellKeyComesFromTheDbPath) {
  SiteKeys first;
  {
    auto store = create();
    ASSERT_TRUE(store.ok()) << store.error();
    first = (*store)->keys();
  }
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->keys().pseudonym, first.pseudonym);
  EXPECT_EQ((*store)->keys().cell, first.cell);
  // Without opening the store: what another module (the engine) may do.
  auto source = locate_site_keys(path_);
  ASSERT_TRUE(source.ok()) << source.error();
  EXPECT_EQ(source->key_file, key_);
  auto keys = load_site_keys(*source);
  ASSERT_TRUE(keys.ok()) << keys.error();
  EXPECT_EQ(keys->cell, first.cell);
  EXPECT_EQ(keys->audit, first.audit);
  auto direct = load_site_keys_for(path_);
  ASSERT_TRUE(direct.ok()) << direct.error();
  EXPECT_EQ(direct->cell, first.cell);
  EXPECT_EQ(direct->pseudonym, first.pseudonym);
}

TEST_F(SiteKeysTest, AMissingKeyFileIsRefusedSayingWhatToDo) {
  { ASSERT_TRUE(create().ok()); }
  fs::remove(key_);
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_NE(store.error().find(key_), std::string::npos) << store.error();
  EXPECT_NE(store.error().find("does not exist"), std::string::npos) << store.error();
  EXPECT_NE(store.error().find("--key-file"), std::string::npos) << store.error();
  EXPECT_FALSE(fs::exists(key_)) << "a store with a chain must not get a new key silently";
}

TEST_F(SiteKeysTest, AKeyFileOthersCanReadIsRefused) {
  { ASSERT_TRUE(create().ok()); }
  for (int mode : {0640, 0604, 0644, 0660}) {
    ASSERT_EQ(::chmod(key_.c_str(), static_cast<mode_t>(mode)), 0);
    auto store = open();
    ASSERT_FALSE(store.ok()) << std::oct << mode;
    EXPECT_NE(store.error().find("chmod 600"), std::string::npos) << store.error();
  }
  ASSERT_EQ(::chmod(key_.c_str(), 0400), 0);  // stricter than 0600 is fine
  EXPECT_TRUE(open().ok());
}

TEST_F(SiteKeysTest, AnUnreadableOrMalformedKeyFileIsRefused) {
  { ASSERT_TRUE(create().ok()); }
  std::string good = bytes_of(key_);
  { std::ofstream(key_, std::ios::trunc) << "bettercare-keys 1\nmaster 00ff\npseudonym zz\n"; }
  auto store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("malformed"), std::string::npos) << store.error();
  fs::remove(key_);
  fs::create_directory(key_);
  store = open();
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("not a regular file"), std::string::npos) << store.error();
}

TEST_F(SiteKeysTest, AnotherStoresKeyFileIsRefused) {
  { ASSERT_TRUE(create().ok()); }
  std::string other = (dir_ / "other.db").string();
  { ASSERT_TRUE(Store::open(other, Store::Mode::kCreateIfMissing).ok()); }
  auto store = open(other + ".key");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("another store"), std::string::npos) << store.error();
  EXPECT_TRUE(open(key_).ok());
}

TEST_F(SiteKeysTest, KeysFromTheEnvironment) {
  SiteKeys made;
  {
    auto store = create();
    ASSERT_TRUE(store.ok());
    made = (*store)->keys();
  }
  fs::path moved = dir_ / "elsewhere.key";
  fs::rename(key_, moved);
  {
    ScopedEnv file("BETTERCARE_KEY_FILE", moved.string());
    auto store = open();
    ASSERT_TRUE(store.ok()) << store.error();
    EXPECT_EQ((*store)->keys().cell, made.cell);
  }
  {
    ScopedEnv hex("BETTERCARE_KEY", to_hex(made.master) + ":" + to_hex(made.pseudonym));
    auto store = open();
    ASSERT_TRUE(store.ok()) << store.error();
    EXPECT_EQ((*store)->keys().pseudonym, made.pseudonym);
    EXPECT_EQ((*store)->keys().audit, made.audit);
    EXPECT_EQ((*store)->rotate_pseudonym_key().code(), StatusCode::kInvalidArgument);
    ScopedEnv file("BETTERCARE_KEY_FILE", moved.string());
    auto both = open();
    ASSERT_FALSE(both.ok());
    EXPECT_NE(both.error().find("only one"), std::string::npos) << both.error();
  }
  {
    ScopedEnv hex("BETTERCARE_KEY", "00");
    EXPECT_FALSE(open().ok());
  }
}

TEST_F(SiteKeysTest, AStoreFromBeforeTheKeyFileMovesItsKeyOutKeepingPseudonyms) {
  std::string legacy;
  {
    auto v6 = Store::open_at_version(path_, 6);
    ASSERT_TRUE(v6.ok()) << v6.error();
    auto st = (*v6)->db().prepare("SELECT value FROM secrets WHERE name = 'pseudonym_key'");
    Status s;
    ASSERT_TRUE(st->step(&s));
    legacy = st->text(0);
    ASSERT_EQ(legacy.size(), 32u);
  }
  EXPECT_FALSE(fs::exists(key_));
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->keys().pseudonym, legacy) << "analysts' pseudonyms must not change";
  EXPECT_EQ(mode_of(key_), 0600);
  EXPECT_EQ(*(*store)->db().query_int("SELECT count(*) FROM secrets"), 0);
  store->reset();
  // Erased from the file itself (secure_delete, and the WAL emptied).
  EXPECT_EQ(bytes_of(path_).find(legacy), std::string::npos);
  EXPECT_EQ(bytes_of(path_ + "-wal").find(legacy), std::string::npos);
  auto again = open();
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ((*again)->keys().pseudonym, legacy);
}

TEST_F(SiteKeysTest, RotationChangesOnlyThePseudonymKey) {
  SiteKeys before;
  {
    auto store = create();
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(append_audit(**store, "a", "view_person", "9990000018", "cli").ok());
    before = (*store)->keys();
    ASSERT_TRUE((*store)->rotate_pseudonym_key().ok());
    EXPECT_NE((*store)->keys().pseudonym, before.pseudonym);
  }
  EXPECT_EQ(mode_of(key_), 0600);
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  const SiteKeys& after = (*store)->keys();
  EXPECT_NE(after.pseudonym, before.pseudonym);
  EXPECT_EQ(after.audit, before.audit);
  EXPECT_EQ(after.cell, before.cell);
  auto v = verify_audit(**store);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_TRUE(v->ok) << v->problem;
  // No temporary file left beside the key.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir_))
    files += e.path().filename().string().find(".key") != std::string::npos;
  EXPECT_EQ(files, 1);
}

TEST_F(SiteKeysTest, ABackupIsOwnerOnlyAndHoldsTheSameData) {
  std::string dest = (dir_ / "backup.db").string();
  {
    auto store = create();
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE(append_audit(**store, "a", "view_person", std::to_string(i), "cli").ok());
    ASSERT_TRUE((*store)->backup_to(dest).ok());
    Status again = (*store)->backup_to(dest);
    EXPECT_EQ(again.code(), StatusCode::kInvalidArgument) << "never overwrites";
  }
  EXPECT_EQ(mode_of(dest), 0600);
  for (const char* side : {"-wal", "-shm", "-journal"}) {
    if (fs::exists(dest + side)) {
      EXPECT_EQ(mode_of(dest + side), 0600) << side;
    }
  }
  auto copy = Store::open(dest, Store::Mode::kOpenExisting, key_);
  ASSERT_TRUE(copy.ok()) << copy.error();
  EXPECT_EQ(mode_of(dest + "-wal"), 0600);
  auto entries = recent_audit(**copy, 100);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 50u);
  EXPECT_EQ(entries->front().subject, "49");
  auto v = verify_audit(**copy);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->entries, 50);
  // The backup has no key of its own: without the key file it is refused.
  auto keyless = Store::open(dest, Store::Mode::kOpenExisting);
  EXPECT_FALSE(keyless.ok());
}

}  // namespace
}  // namespace bc
