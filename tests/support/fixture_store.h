// Unit tests' store: a temporary directory holding a new store with some of
// tests/fixtures/ imported through the real importer, removed when it goes.
//
// Thread safety: one per test (or test suite); ctest runs test processes in
// parallel, so each gets its own mkdtemp directory.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/importer.h"
#include "store/store.h"
#include "test_backend.h"

namespace bc::test {

class FixtureStore {
 public:
  // Creates the store and imports the fixtures (folder names under
  // tests/fixtures) as one batch, which must commit.
  static Result<std::unique_ptr<FixtureStore>> make(const std::vector<std::string>& fixtures) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bettercare-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return Status::io_error("mkdtemp failed");
    std::unique_ptr<FixtureStore> out(new FixtureStore(tmpl));
    auto store = test::open_test_store(out->dir_ / "s.db");
    if (!store.ok()) return store.status();
    out->store_ = std::move(*store);
    if (fixtures.empty()) return out;
    std::vector<std::string> paths;
    for (const auto& f : fixtures) {
      paths.push_back((std::filesystem::path(BC_SOURCE_DIR) / "tests" / "fixtures" / f).string());
    }
    auto inputs = plan_import(paths, std::nullopt);
    if (!inputs.ok()) return inputs.status();
    auto report = import_batch(*out->store_, *inputs, ImportOptions{});
    if (!report.ok()) return report.status();
    if (!report->committed) return Status::invalid_data("the fixtures did not import");
    return out;
  }
  ~FixtureStore() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  FixtureStore(const FixtureStore&) = delete;
  FixtureStore& operator=(const FixtureStore&) = delete;

  Store& store() { return *store_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit FixtureStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace bc::test
