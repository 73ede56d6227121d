// The import options every door into the store uses, the command line's
// `bettercare import` and the web application's edits of the boards'
// business alike, so a row is checked the same way whichever way it came:
// plans and key measures may name any metric of the config (local ones
// included), care plans any type of config/care.toml, the governance kinds
// config/boards.toml's boards; a decision is recorded only where its
// meeting was quorate for it, and a board's decision on a scheme report is
// the report's receipt and sign-off (governance/quorum.h,
// programme/board_sign_off.h).
//
// It lives in report, the lowest module that sees the engine's metric
// config, the boards and the scheme reports together.
//
// Thread safety: the options refer to the built-in configs only; safe to
// use from any thread.
#pragma once

#include <string>

#include "ingest/importer.h"

namespace bc::report {

// The options for an import made by `actor` (recorded with the batch).
ImportOptions standard_import_options(std::string actor);

}  // namespace bc::report
