// Where the ingest tests' fixture files are (one definition: the test
// binaries are unity builds, tests/CMakeLists.txt).
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "ingest/importer.h"

namespace bc::ingest_fixtures {

inline const std::filesystem::path kSmall =
    std::filesystem::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";

// The small fixture's file of each kind ("persons": persons.csv), to import.
inline std::vector<ImportInput> small_inputs(std::initializer_list<const char*> kinds) {
  std::vector<ImportInput> in;
  for (const char* k : kinds)
    in.push_back({(kSmall / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
  return in;
}

}  // namespace bc::ingest_fixtures
