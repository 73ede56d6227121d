// Every import kind of the contract, from the importer's own list (one
// definition: the test binaries are unity builds, tests/CMakeLists.txt).
#pragma once

#include <string>
#include <vector>

#include "ingest/file_kind.h"

namespace bc::test {

inline const std::vector<std::string>& all_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& k : bc::all_kinds()) out.emplace_back(k.name);
    return out;
  }();
  return names;
}

}  // namespace bc::test
