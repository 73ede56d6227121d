// FHIR R4 in (ingest/fhir.h), through the real reader and importer into a
// real store: the first byte chooses a Bundle (.json) or NDJSON (.ndjson)
// and whether test NHS numbers are given; the rest is the file. Whatever
// the bytes, the reader reports problems (each located and with a reason)
// or makes inputs that the import commits or refuses with at least one
// error; it never crashes. The store is made once per process with the
// practices and providers of tests/fixtures/small.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "ingest/fhir.h"
#include "ingest/file_kind.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;

struct World {
  fs::path dir;
  std::unique_ptr<bc::Store> store;
};

World* world() {
  static World* w = [] {
    auto* out = new World;
    const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "bettercare-fuzz-fhir-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr);
    out->dir = tmpl;
    auto store =
        bc::Store::open((out->dir / "fuzz.db").string(), bc::Store::Mode::kCreateIfMissing);
    FUZZ_CHECK(store.ok());
    out->store = std::move(*store);
    const fs::path small = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";
    std::vector<bc::ImportInput> refs;
    for (const char* k : {"partners", "practices", "providers", "persons"}) {
      refs.push_back({(small / (std::string(k) + ".csv")).string(), *bc::kind_from_name(k)});
    }
    auto r = bc::import_batch(*out->store, refs, bc::ImportOptions{});
    FUZZ_CHECK(r.ok() && r->committed);
    std::atexit([] { fs::remove_all(world()->dir); });
    return out;
  }();
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  World* w = world();
  const fs::path file = w->dir / ((data[0] & 1) ? "input.ndjson" : "input.json");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  bc::FhirOptions options;
  options.assign_test_nhs_numbers = (data[0] & 2) != 0;
  auto batch = bc::read_fhir(*w->store, {file.string()}, options);
  FUZZ_CHECK(batch.ok());
  for (const bc::Problem& p : batch->errors) {
    FUZZ_CHECK(!p.reason.empty() && !p.column.empty() && p.file == file.string());
  }
  if (batch->error_count > 0 || batch->inputs.empty()) return 0;
  auto r = bc::import_batch(*w->store, batch->inputs, bc::ImportOptions{});
  FUZZ_CHECK(r.ok());
  bc::locate_fhir_problems(*batch, *r);
  if (r->committed) {
    FUZZ_CHECK(r->error_count == 0);
  } else {
    FUZZ_CHECK(r->error_count > 0);
    for (const bc::Problem& p : r->errors) FUZZ_CHECK(!p.reason.empty());
  }
  return 0;
}
