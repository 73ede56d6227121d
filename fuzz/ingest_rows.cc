// Every import kind's row parser, through the real importer into a real
// store: the first byte chooses the kind (spells, budgets, ...), the rest
// is the file. Whatever the bytes, the import commits with no errors or is
// refused with at least one, and never crashes. The store is made once per
// process, in a temporary directory (in memory where /dev/shm exists), with
// the reference data of tests/fixtures/small that the other kinds refer to
// (and its care plans, which actions and reviews name), and the seed's
// board meetings (tests/fixtures/governance) that the governance kinds name,
// the plan's workstreams and measures (tests/fixtures/plan), and the care
// homes of tests/fixtures/quality.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fuzz_check.h"
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
    std::string tmpl = (base / "bettercare-fuzz-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr);
    out->dir = tmpl;
    auto store =
        bc::Store::open((out->dir / "fuzz.db").string(), bc::Store::Mode::kCreateIfMissing);
    FUZZ_CHECK(store.ok());
    out->store = std::move(*store);
    const fs::path fixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";
    std::vector<bc::ImportInput> refs;
    for (const char* k : {"partners", "practices", "providers", "persons", "schemes", "care_plans"})
      refs.push_back(
          {(fixtures / "small" / (std::string(k) + ".csv")).string(), *bc::kind_from_name(k)});
    // The boards' members, meetings and agendas that the other governance
    // kinds name (tests/fixtures/governance).
    for (const char* k :
         {"providers_steering_board", "board_members", "meetings", "agenda_items", "attendance"}) {
      const fs::path file = fixtures / "governance" / (std::string(k) + ".csv");
      refs.push_back({file.string(), *bc::kind_from_path(file.string())});
    }
    // The plan's workstreams and measures, which milestones, values and
    // savings name (tests/fixtures/plan).
    for (const char* k : {"workstreams", "key_measures"}) {
      refs.push_back(
          {(fixtures / "plan" / (std::string(k) + ".csv")).string(), *bc::kind_from_name(k)});
    }
    // The care homes and agency that quality events and placements name
    // (tests/fixtures/quality).
    refs.push_back({(fixtures / "quality" / "providers.csv").string(), bc::FileKind::kProviders});
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
  const auto kinds = bc::all_kinds();
  const bc::KindSpec& kind = kinds[data[0] % kinds.size()];
  const fs::path file = w->dir / (std::string(kind.name) + ".csv");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  auto r = bc::import_batch(*w->store, {{file.string(), kind.kind}}, bc::ImportOptions{});
  FUZZ_CHECK(r.ok());
  if (r->committed) {
    FUZZ_CHECK(r->error_count == 0);
  } else {
    FUZZ_CHECK(r->error_count > 0);
    for (const bc::Problem& p : r->errors) FUZZ_CHECK(!p.reason.empty());
  }
  return 0;
}
