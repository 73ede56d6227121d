// A test suite's expensive starting point, made once per build of
// bettercare and shared by every test process that asks for it.
//
// ctest runs each test in a process of its own, so a suite's
// SetUpTestSuite runs once per test: a suite that generates and imports a
// city would do so for every test. made_once() makes the directory once,
// into BC_TEST_CACHE/<recipe>/dir, under a file lock (parallel ctest jobs
// wait for the first and then share its result), and remakes it when the
// bettercare binary or the test binary is rebuilt. A test copies it
// (copy_made()) and works on its copy, so no test sees another's changes.
//
// `make` runs in the directory with relative paths only, so that a copy
// holds no path into the cache.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness.h"

namespace bc::test {

// The directory made by make(dir) ("" or what went wrong) for this recipe
// and this build of the binary; sets *error and returns {} when it could
// not be made. A failure is not cached: the next caller tries again.
// `pg`: whether what it makes holds the pg. pass's databases (harness.h);
// false for a recipe that keeps its stores SQLite files in that pass too.
inline fs::path made_once(const std::string& recipe,
                          const std::function<std::string(const fs::path&)>& make,
                          std::string* error, bool pg = on_postgresql()) {
  // The pg. pass's stores are databases (harness.h): a cache of its own.
  const fs::path cache = fs::path(BC_TEST_CACHE) / (pg ? recipe + "-pg" : recipe);
  std::error_code ec;
  fs::create_directories(cache, ec);
  // The binary that makes it and the test binary that says how.
  std::string key = recipe;
  for (const char* file : {BC_BINARY, "/proc/self/exe"}) {
    struct stat st {};
    if (stat(file, &st) != 0) {
      *error = std::string("cannot stat ") + file;
      return {};
    }
    key += " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
  }
  // Its databases live in this run's cluster only.
  if (pg) {
    auto server = postgresql_server();
    key += " " + (server.ok() ? *server : server.error());
  }
  int lock = open((cache / "lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) {
    *error = "cannot lock " + (cache / "lock").string();
    if (lock >= 0) close(lock);
    return {};
  }
  const fs::path dir = cache / "dir";
  if (read_file(cache / "stamp") != key) {
    fs::remove(cache / "stamp", ec);
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    std::string err = make(dir);
    if (err.empty())
      write_file(cache / "stamp", key);
    else
      *error = recipe + ": " + err;
  }
  flock(lock, LOCK_UN);
  close(lock);
  return error->empty() ? dir : fs::path();
}

// Copies what made_once() made into `to` (an existing, empty directory).
inline void copy_made(const fs::path& made, const fs::path& to) {
  fs::copy(made, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// Makes a store in dir holding the small fixture's files of `kinds`
// (tests/fixtures/small/<kind>.csv), imported in one batch: a made_once()
// recipe. "" or what went wrong.
inline std::string small_store(const fs::path& dir, const std::vector<std::string>& kinds) {
  RunResult r = run_bc(dir, {"init"});
  if (r.code != 0) return "init: " + r.err;
  std::vector<std::string> args = {"import"};
  // A kind's fixture (kind_fixture), or a file under tests/fixtures named by its path.
  for (const std::string& kind : kinds) {
    args.push_back(
        (kind.find('/') != std::string::npos ? fixture(kind) : kind_fixture(kind)).string());
  }
  r = run_bc(dir, args);
  return r.code == 0 ? "" : "import: " + r.err;
}

// A step's result kept beside what it made (NAME.code, NAME.out and
// NAME.err in dir), for the tests that check the steps themselves.
inline RunResult keep_run(const fs::path& dir, const std::string& name, RunResult r) {
  write_file(dir / (name + ".code"), std::to_string(r.code));
  write_file(dir / (name + ".out"), r.out);
  write_file(dir / (name + ".err"), r.err);
  return r;
}
inline RunResult kept_run(const fs::path& dir, const std::string& name) {
  RunResult r;
  const std::string code = read_file(dir / (name + ".code"));
  r.code = code.empty() ? -1 : std::stoi(code);
  r.out = read_file(dir / (name + ".out"));
  r.err = read_file(dir / (name + ".err"));
  return r;
}

}  // namespace bc::test
