// The CLI's side of docs/security.md: owner-only files whatever the umask,
// the key file (rotate, refusals), backup, `audit verify` against an
// insider with the sqlite3 C API, escaped `audit` output, and the audit of
// CLI outputs and user administration.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "harness.h"

namespace bc::test {
namespace {

int mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

std::string os_user() {
  if (passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
  return "unknown";
}

// SQL as an insider with the database would (harness.h exec_on_store); ""
// or the database's message.
std::string raw_sql(const fs::path& db_path, const std::string& sql) {
  return exec_on_store(db_path, sql);
}

std::string key_line(const fs::path& key_file, const std::string& name) {
  std::istringstream in(read_file(key_file));
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + " ", 0) == 0) return line.substr(name.size() + 1);
  return "";
}

// A store with the small fixture, made with a permissive umask.
class SecurityCli : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult init = run_bc(dir_, {"init"}, kUmask);
    ASSERT_EQ(init.code, 0) << init.err;
    RunResult imp = run_bc(dir_, {"import", fixture("small").string()}, kUmask);
    ASSERT_EQ(imp.code, 0) << imp.err;
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  fs::path key() const { return dir_ / "bettercare.db.key"; }
  RunResult bc(const std::vector<std::string>& args, const std::string& input = "") {
    return run_bc(dir_, args, kUmask, input);
  }
  std::string verify_problem() {
    RunResult r = bc({"audit", "verify"});
    EXPECT_EQ(r.code, 3) << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    return r.err;
  }
  static constexpr const char* kUmask = "umask 022 &&";
  static constexpr const char* kDropTriggers =
      "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
      "DROP TRIGGER audit_log_insert_in_order;";
  TempDir dir_;
};

TEST_F(SecurityCli, TheStoreItsSideFilesTheKeyAndReportsAreOwnerOnlyWhateverTheUmask) {
  BC_SQLITE_ONLY("an SQLite file's and its side files' modes");
  EXPECT_EQ(mode_of(db()), 0600);
  EXPECT_EQ(mode_of(key()), 0600);
  // A command that writes leaves -wal/-shm only while it runs; a reader of
  // our own keeps them open to look.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &reader), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM persons;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(bc({"person", "9990000018"}).code, 0);
  EXPECT_EQ(mode_of(dir_ / "bettercare.db-wal"), 0600);
  EXPECT_EQ(mode_of(dir_ / "bettercare.db-shm"), 0600);
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(reader);

  RunResult report = bc({"report", "performance", "--period", "2017/18:M12", "--out", "perf.html"});
  ASSERT_EQ(report.code, 0) << report.err;
  EXPECT_EQ(mode_of(dir_ / "perf.html"), 0600);
  RunResult ret = bc({"export", "bcf-return", "--quarter", "2017/18:Q4", "--out", "ret.xlsx"});
  ASSERT_EQ(ret.code, 0) << ret.err;
  EXPECT_EQ(mode_of(dir_ / "ret.xlsx"), 0600);

  // A store made before (0644) is tightened when we open it.
  ASSERT_EQ(::chmod(db().c_str(), 0644), 0);
  ASSERT_EQ(bc({"imports"}).code, 0);
  EXPECT_EQ(mode_of(db()), 0600);
}

TEST_F(SecurityCli, AKeyFileThatIsMissingOrReadableByOthersIsRefusedSayingWhatToDo) {
  BC_SQLITE_ONLY(
      "the key file beside an SQLite store (PostgreSQL's must be named: "
      "PgStore.AnEmptyDatabaseIsNotAStoreUntilInitAndKeysMustBeNamed)");
  ASSERT_EQ(::chmod(key().c_str(), 0644), 0);
  RunResult r = bc({"imports"});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
  ASSERT_EQ(::chmod(key().c_str(), 0600), 0);

  fs::rename(key(), dir_ / "safe.key");
  r = bc({"imports"});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("bettercare.db.key does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--key-file"), std::string::npos) << r.err;
  EXPECT_EQ(bc({"--key-file", "safe.key", "imports"}).code, 0);
  EXPECT_EQ(run_bc(dir_, {"imports"}, "BETTERCARE_KEY_FILE=safe.key").code, 0);
}

TEST_F(SecurityCli, KeyRotateChangesThePseudonymKeyOnlyAndIsAudited) {
  const std::string master = key_line(key(), "master");
  const std::string pseudonym = key_line(key(), "pseudonym");
  ASSERT_EQ(master.size(), 64u);
  ASSERT_EQ(pseudonym.size(), 64u);
  RunResult r = bc({"key", "rotate"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("every pseudonym has changed"), std::string::npos) << r.out;
  EXPECT_EQ(key_line(key(), "master"), master);
  EXPECT_NE(key_line(key(), "pseudonym"), pseudonym);
  EXPECT_EQ(key_line(key(), "pseudonym").size(), 64u);
  EXPECT_EQ(mode_of(key()), 0600);
  EXPECT_EQ(query_text(db(),
                       "SELECT actor || '|' || origin FROM audit_log WHERE action = "
                       "'rotate_pseudonym_key'"),
            os_user() + "|cli");
  RunResult v = bc({"audit", "verify"});
  EXPECT_EQ(v.code, 0) << v.err;
}

TEST_F(SecurityCli, BackupIsOwnerOnlyAndOpensWithTheKeyFile) {
  BC_SQLITE_ONLY("SQLite's backup (PostgreSQL's: PgStore.ABackupRestoresToTheSameStore)");
  ASSERT_EQ(bc({"person", "9990000018"}).code, 0);
  const std::string before = dump_store(db());
  RunResult r = bc({"backup", "copy.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("back up the key file"), std::string::npos) << r.out;
  EXPECT_EQ(mode_of(dir_ / "copy.db"), 0600);
  EXPECT_FALSE(fs::exists(dir_ / "copy.db.key")) << "the key is backed up separately";
  EXPECT_EQ(dump_store(dir_ / "copy.db"), before);
  EXPECT_EQ(bc({"backup", "copy.db"}).code, 2) << "never overwrites";
  RunResult v = bc({"--db", "copy.db", "--key-file", "bettercare.db.key", "audit", "verify"});
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_EQ(query_int(db(),
                      "SELECT count(*) FROM audit_log WHERE action = 'backup' AND subject = "
                      "'copy.db'"),
            1);
}

TEST_F(SecurityCli, AuditVerifyPassesWithOneLineAndNamesTheFirstEntryTamperedWith) {
  BC_SQLITE_ONLY("tampers with SQLite's triggers (PostgreSQL: pg.ReportStore.*FoundByAuditVerify)");
  for (const char* nhs : {"9990000018", "9990000026", "9990000018", "9990000034"})
    bc({"person", nhs});  // found or not, each look is audited
  RunResult ok = bc({"audit", "verify"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(std::count(ok.out.begin(), ok.out.end(), '\n'), 1) << ok.out;
  EXPECT_NE(ok.out.find("audit log verified: 4 entries"), std::string::npos) << ok.out;
  // The head, kept elsewhere, finds the newest entries removed.
  const std::string head =
      ok.out.substr(ok.out.rfind(' ') + 1, ok.out.size() - 1 - (ok.out.rfind(' ') + 1));
  ASSERT_EQ(head.substr(0, 2), "4:") << ok.out;
  EXPECT_EQ(bc({"audit", "verify", "--head", head}).code, 0);
  EXPECT_EQ(bc({"audit", "verify", "--head", "4:" + std::string(64, '0')}).code, 3);
  EXPECT_EQ(bc({"audit", "verify", "--head", "4"}).code, 2);
  {
    TempDir other;
    fs::copy_file(db(), other / "t.db");
    fs::copy_file(key(), other / "t.db.key");
    ASSERT_EQ(raw_sql(other / "t.db",
                      std::string(kDropTriggers) + "DELETE FROM audit_log WHERE audit_id >= 3"),
              "");
    RunResult plain = bc({"--db", (other / "t.db").string(), "audit", "verify"});
    EXPECT_EQ(plain.code, 0) << "a truncated chain verifies by itself";
    RunResult cut = bc({"--db", (other / "t.db").string(), "audit", "verify", "--head", head});
    EXPECT_EQ(cut.code, 3);
    EXPECT_NE(cut.err.find("entry 4, the head recorded earlier, is no longer in the log"),
              std::string::npos)
        << cut.err;
  }

  // REPLACE with the triggers in place is refused; verify still passes.
  EXPECT_NE(raw_sql(db(),
                    "INSERT OR REPLACE INTO audit_log SELECT audit_id, at, actor, "
                    "'sign_in', '', origin, chain_hash FROM audit_log WHERE audit_id = 2")
                .find("append-only"),
            std::string::npos);
  EXPECT_EQ(bc({"audit", "verify"}).code, 0);

  // An edit with the triggers dropped: entry 3 named, not a later one.
  ASSERT_EQ(raw_sql(db(), std::string(kDropTriggers) +
                              "UPDATE audit_log SET actor = 'someone' WHERE audit_id = 3;"
                              "UPDATE audit_log SET actor = 'other' WHERE audit_id = 4;"),
            "");
  std::string err = verify_problem();
  EXPECT_NE(err.find("entry 3 was changed"), std::string::npos) << err;
}

TEST_F(SecurityCli, AuditVerifyNamesAReplacedADeletedAndABackDatedEntry) {
  BC_SQLITE_ONLY("tampers with SQLite's triggers (PostgreSQL: pg.ReportStore.*FoundByAuditVerify)");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(bc({"person", "9990000018"}).code, 0);
  TempDir other;
  auto copy = [&](const std::string& name) {
    fs::create_directories(other / name);
    fs::copy_file(db(), other / name / "bettercare.db");
    fs::copy_file(key(), other / name / "bettercare.db.key");
    return other / name / "bettercare.db";
  };
  auto verify_in = [&](const fs::path& store) {
    RunResult r = bc({"--db", store.string(), "audit", "verify"});
    EXPECT_EQ(r.code, 3) << r.out;
    return r.err;
  };
  fs::path replaced = copy("replaced");
  ASSERT_EQ(raw_sql(replaced, std::string(kDropTriggers) +
                                  "REPLACE INTO audit_log SELECT audit_id, at, actor, 'sign_in', "
                                  "'', origin, chain_hash FROM audit_log WHERE audit_id = 4"),
            "");
  EXPECT_NE(verify_in(replaced).find("entry 4 was changed"), std::string::npos);

  fs::path deleted = copy("deleted");
  ASSERT_EQ(
      raw_sql(deleted, std::string(kDropTriggers) + "DELETE FROM audit_log WHERE audit_id = 2"),
      "");
  EXPECT_NE(verify_in(deleted).find("entry 2 was removed"), std::string::npos);

  fs::path backdated = copy("backdated");
  ASSERT_EQ(raw_sql(backdated, std::string(kDropTriggers) +
                                   "INSERT INTO audit_log SELECT audit_id + 1, "
                                   "'2017-09-29T10:00:00Z', 'clin', 'view_person', '9990000026', "
                                   "'cli', chain_hash FROM audit_log ORDER BY audit_id DESC "
                                   "LIMIT 1"),
            "");
  const int64_t last = query_int(backdated, "SELECT max(audit_id) FROM audit_log");
  EXPECT_NE(
      verify_in(backdated).find("entry " + std::to_string(last) + " was inserted out of order"),
      std::string::npos);
}

TEST_F(SecurityCli, AuditOutputIsEscapedSoNoLineCanBeForged) {
  BC_SQLITE_ONLY("forges entries past SQLite's triggers; the escaping is the same code on both");
  // Written past bettercare (which refuses such text) by an insider.
  ASSERT_EQ(raw_sql(db(), std::string(kDropTriggers) +
                              "INSERT INTO audit_log VALUES ((SELECT max(audit_id) + 1 FROM "
                              "audit_log), '2030-01-01T00:00:00Z', 'x' || char(27) || '[2K' || "
                              "char(13) || 'clin', 'view_person' || char(8238), "
                              "'9990000018' || char(10) || 'fake line', 'cli', 'h')"),
            "");
  RunResult r = bc({"audit"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(r.out.find("x\\u001b[2K\\u000dclin"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("view_person\\u202e"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9990000018\\u000afake line"), std::string::npos) << r.out;
  std::istringstream lines(r.out);
  int n = 0;
  for (std::string line; std::getline(lines, line);) ++n;
  EXPECT_EQ(n, 1 + query_int(db(), "SELECT count(*) FROM audit_log"));
}

TEST_F(SecurityCli, UserNamesWithControlOrBidirectionalCharactersAreRefused) {
  for (std::string name : {"clin\x1b[2K", "anna\xe2\x80\xae", "bob\r", "x\xc2\x9b"}) {
    RunResult r = bc({"user", "add", name, "--role", "board", "--password-stdin"},
                     "a long enough password\n");
    EXPECT_EQ(r.code, 2) << name;
  }
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM users"), 0);
}

TEST_F(SecurityCli, UserAdministrationAndUnsuppressedOutputsAreAuditedAsTheOsUser) {
  const std::string pw = "a long enough password\n";
  ASSERT_EQ(bc({"user", "add", "anna", "--role", "board", "--password-stdin"}, pw).code, 0);
  ASSERT_EQ(bc({"user", "passwd", "anna", "--password-stdin"}, pw).code, 0);
  for (const char* what : {"disable", "enable", "unlock", "revoke"})
    ASSERT_EQ(bc({"user", what, "anna"}).code, 0) << what;
  ASSERT_EQ(bc({"metrics", "--period", "2017/18", "--metric", "nel_admissions"}).code, 0);
  ASSERT_EQ(bc({"metrics", "--period", "2017/18", "--metric", "nel_admissions", "--suppress"}).code,
            0);
  ASSERT_EQ(bc({"person", "9990000018"}).code, 0);
  auto lines = open_db(db())->query_texts(
      "SELECT actor || '|' || action || '|' || subject || '|' || origin FROM audit_log ORDER BY "
      "audit_id",
      std::nullopt);
  ASSERT_TRUE(lines.ok()) << lines.error();
  std::string log;
  for (const std::string& line : *lines) log += line + "\n";
  const std::string u = os_user();
  for (const std::string& line :
       {u + "|add_user|anna as board|cli", u + "|set_password|anna|cli",
        u + "|disable_user|anna|cli", u + "|enable_user|anna|cli", u + "|unlock_user|anna|cli",
        u + "|revoke_user|anna|cli",
        u + "|export_metrics|metrics 2017/18 nel_admissions (table, unsuppressed)|cli",
        u + "|view_person|9990000018|cli"}) {
    EXPECT_NE(log.find(line), std::string::npos) << line << "\nin\n" << log;
  }
  // Suppressed figures are not person-level: not an export to audit.
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM audit_log WHERE action = 'export_metrics'"), 1);
  EXPECT_EQ(bc({"audit", "verify"}).code, 0);
}

}  // namespace
}  // namespace bc::test
