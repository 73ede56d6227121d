// Errors classified right (issue 14): a store that cannot be written (disk
// full, read-only, corrupt) is one environment error, exit 4, with a
// message that says what to do, never a list of rows; read-only commands
// work on a read-only medium.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "harness.h"

namespace bc::test {
namespace {

// n valid NHS numbers from the 999 test range.
std::vector<std::string> nhs_numbers(size_t n) {
  std::vector<std::string> out;
  for (int64_t base = 999'000'000; out.size() < n; ++base) {
    std::string d = std::to_string(base);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (d[static_cast<size_t>(i)] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) continue;
    out.push_back(d + std::to_string(check));
  }
  return out;
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

class StoreErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY(
        "an SQLite file's environment errors: a full disk, a corrupt file, a read-only medium");
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(
        dir_,
        {"import", fixture("small/partners.csv").string(), fixture("small/practices.csv").string(),
         fixture("small/providers.csv").string(), fixture("finance_seed/schemes.csv").string(),
         fixture("finance_seed/budgets.csv").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  TempDir dir_;
};

// The disk fills during a large import (here the file size limit, which
// fails SQLite's writes as a full disk does): one error, exit 4, the store
// unchanged; not one "problem" per row after the failure.
TEST_F(StoreErrors, AFullDiskDuringAnImportIsOneEnvironmentError) {
  std::string text = "nhs_number,date_of_birth,sex,practice_code\n";
  for (const auto& n : nhs_numbers(400'000)) text += n + ",1950-01-01,F,J82001\n";
  write_file(dir_ / "persons.csv", text);
  const StoreFingerprint before = fingerprint(db());
  // 8192 blocks: 4 MiB in dash (512-byte blocks), 8 MiB in bash; either is
  // far less than the import writes. SIGXFSZ ignored: writes fail instead.
  RunResult r = run_bc(dir_, {"import", "persons.csv"}, "trap '' XFSZ; ulimit -f 8192;");
  EXPECT_EQ(r.code, 4) << r.err.substr(0, 600);
  EXPECT_NE(r.err.find("the disk holding the store is full"), std::string::npos)
      << r.err.substr(0, 600);
  EXPECT_EQ(r.err.find("FOREIGN KEY"), std::string::npos) << r.err.substr(0, 600);
  EXPECT_EQ(r.err.find("the store refused the row"), std::string::npos) << r.err.substr(0, 600);
  EXPECT_LE(count_lines(r.err), 3u) << r.err.substr(0, 600);
  EXPECT_TRUE(fingerprint(db()) == before) << "the store changed";
}

// A corrupt store: every command that reads it says so and what to do,
// exit 4, and an import adds no problem per row.
TEST_F(StoreErrors, ACorruptStoreIsOneEnvironmentError) {
  {
    std::fstream f(db(), std::ios::in | std::ios::out | std::ios::binary);
    const auto size = static_cast<std::streamoff>(fs::file_size(db()));
    // Garbage over every page but the first (the header and the schema).
    for (std::streamoff off = 4096; off < size; off += 512) {
      f.seekp(off);
      f.write("\xde\xad\xbe\xef garbage garbage garbage garbage", 36);
    }
  }
  write_file(dir_ / "bed_days.csv", "month,provider_code,occupied_bed_days\n2017-05,RHM,100\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"import", "bed_days.csv"},
        std::vector<std::string>{"finance", "--year", "2017/18"}}) {
    RunResult r = run_bc(dir_, args);
    EXPECT_EQ(r.code, 4) << args[0] << ": " << r.err.substr(0, 600);
    EXPECT_NE(r.err.find("the store is corrupt"), std::string::npos)
        << args[0] << ": " << r.err.substr(0, 600);
    EXPECT_NE(r.err.find("backup"), std::string::npos) << args[0] << ": " << r.err.substr(0, 600);
    EXPECT_LE(count_lines(r.err), 3u) << args[0] << ": " << r.err.substr(0, 600);
  }
}

// A store on a read-only medium: reading commands work without a WAL or
// shared-memory file; an import says the store is read-only, exit 4. As a
// user, the medium is a directory without write permission; as root, which
// ignores permissions, a read-only bind mount in a private mount namespace
// (skipped where that is not allowed).
TEST_F(StoreErrors, ReadOnlyCommandsWorkOnAReadOnlyMedium) {
  fs::create_directory(dir_ / "ro");
  fs::rename(db(), dir_ / "ro" / "bettercare.db");
  fs::rename(dir_ / "bettercare.db.key", dir_ / "ro" / "bettercare.db.key");
  ASSERT_FALSE(fs::exists(dir_ / "bettercare.db-wal"));
  std::string wrap;
  if (geteuid() == 0) {
    if (std::system("unshare -m sh -c 'mount -t tmpfs none /mnt' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "running as root, which ignores permissions, and a read-only bind mount "
                      "cannot be made here (unshare -m and mount are not allowed)";
    }
    wrap =
        "unshare -m sh -c 'mount --bind ro ro && mount -o remount,bind,ro ro && exec \"$0\" "
        "\"$@\"'";
  } else {
    ASSERT_EQ(chmod((dir_ / "ro").c_str(), 0500), 0);
  }
  const std::string store = "ro/bettercare.db";

  RunResult imports = run_bc(dir_, {"--db", store, "imports"}, wrap);
  EXPECT_EQ(imports.code, 0) << imports.err;
  RunResult fin = run_bc(
      dir_, {"--db", store, "finance", "--year", "2017/18", "--month", "12", "--format", "json"},
      wrap);
  EXPECT_EQ(fin.code, 0) << fin.err;
  EXPECT_NE(fin.out.find("\"schemes\""), std::string::npos) << fin.out.substr(0, 200);

  write_file(dir_ / "bed_days.csv", "month,provider_code,occupied_bed_days\n2017-05,RHM,100\n");
  RunResult imp = run_bc(dir_, {"--db", store, "import", "bed_days.csv"}, wrap);
  EXPECT_EQ(imp.code, 4) << imp.err;
  EXPECT_NE(imp.err.find("read-only"), std::string::npos) << imp.err;
  EXPECT_LE(count_lines(imp.err), 3u) << imp.err;
  EXPECT_FALSE(fs::exists(dir_ / "ro" / "bettercare.db-wal"));
  EXPECT_FALSE(fs::exists(dir_ / "ro" / "bettercare.db-shm"));
  chmod((dir_ / "ro").c_str(), 0700);
}

}  // namespace
}  // namespace bc::test
