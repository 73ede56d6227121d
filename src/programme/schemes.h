// The schemes of the pooled fund as the programme knows them: code, name,
// host partner and pooled budget manager (from schemes.csv).
//
// The interface every module outside ingest uses to ask about schemes; the
// records themselves are ingest's (ingest/records.h), which loads them.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

struct SchemeInfo {
  std::string code, name, host, pooled_budget_manager, risk_share;
};

// Every scheme, by code.
Result<std::vector<SchemeInfo>> list_schemes(Store& store);
// One scheme; NotFound (listing the codes) when there is none.
Result<SchemeInfo> find_scheme(Store& store, const std::string& code);
// True when a scheme has this code.
Result<bool> scheme_exists(Store& store, const std::string& code);

}  // namespace bc
