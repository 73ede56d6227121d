// Where the ingest tests' fixture files are (one definition: the test
// binaries are unity builds, tests/CMakeLists.txt).
#pragma once

#include <filesystem>

namespace bc::ingest_fixtures {

inline const std::filesystem::path kSmall =
    std::filesystem::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";

}  // namespace bc::ingest_fixtures
