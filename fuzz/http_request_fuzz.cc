// Fuzz target: one HTTP request as the server reads it (web/http_server.h
// parse_request: Beast's parser with the server's limits, then the
// conversion to the request handlers see: path decoding, query and form
// parameters). Smaller limits than the server's so that the fuzzer reaches
// them. A refusal must carry one of the statuses the server answers with.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/http_server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bc::web::HttpLimits limits;
  limits.max_header_bytes = 2048;
  limits.max_headers = 16;
  limits.max_target_bytes = 512;
  limits.max_body_bytes = 4096;
  const bc::web::ParsedRequest p =
      bc::web::parse_request(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  switch (p.status) {
    case 0:
      // A request to answer: within the limits, with a path to route.
      if (p.req.path.empty() || p.req.path.front() != '/') std::abort();
      if (p.req.body.size() > limits.max_body_bytes) std::abort();
      if (p.req.headers.size() > limits.max_headers) std::abort();
      break;
    case 400:
    case 405:
    case 413:
    case 414:
    case 415:
    case 431:
      if (p.why.empty()) std::abort();
      break;
    default:
      std::abort();
  }
  return 0;
}
