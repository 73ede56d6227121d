#include <boost/asio/buffer.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "web/http_parse.h"
#include "web/http_server.h"

// Boost's assertions in debug builds (BOOST_ENABLE_ASSERT_DEBUG_HANDLER;
// a release build has none). Beast 1.74 asserts `n >= 5` in
// basic_parser::parse_chunk_header when a final chunk's header is read
// again with fewer bytes waiting (found by fuzz/http_request_fuzz.cc with
// "...chunked\r\n\r\n0\r\n\n"): the assertion is wrong and the code after it
// asks for more input, as it should (Beast pull request 2861, Boost 1.86).
// That one passes; any other failed assertion aborts, as assert() would.
namespace boost {
void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  if (std::strcmp(expr, "n >= 5") == 0 && std::strstr(function, "parse_chunk_header") != nullptr)
    return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}
void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file,
                          long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}
}  // namespace boost

namespace bc::web {
namespace http_parse {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

}  // namespace

// The status a parse error is answered with.
int status_for(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  return 400;
}

const char* why_for(int status) {
  switch (status) {
    case 413:
      return "the request body is too large";
    case 414:
      return "the address is too long";
    case 431:
      return "the request's header fields are too many or too large";
    default:
      return "the request is malformed";
  }
}

// The head's own limits, checked before any of the body is read.
int check_head(const http::request_parser<http::string_body>& p, const HttpLimits& limits) {
  const auto& m = p.get();
  if (m.target().size() > limits.max_target_bytes) return 414;
  size_t fields = static_cast<size_t>(std::distance(m.begin(), m.end()));
  if (fields > limits.max_headers) return 431;
  return 0;
}

httplib::Headers headers_of(const http::request<http::string_body>& m) {
  httplib::Headers h;
  for (const auto& f : m) h.emplace(std::string(f.name_string()), std::string(f.value()));
  return h;
}

void configure(http::request_parser<http::string_body>& p, const HttpLimits& limits) {
  p.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  p.body_limit(limits.max_body_bytes);
}

}  // namespace http_parse

using namespace http_parse;
namespace asio = boost::asio;

ParsedRequest to_request(std::string_view method, std::string_view target, httplib::Headers headers,
                         std::string body, const HttpLimits& limits) {
  ParsedRequest out;
  auto refuse = [&](int status, std::string why) {
    out.status = status;
    out.why = std::move(why);
    return std::move(out);
  };
  out.req.method = std::string(method);
  out.req.target = std::string(target);
  out.req.version = "HTTP/1.1";
  if (method != "GET" && method != "HEAD" && method != "POST") {
    return refuse(405, "only GET, HEAD and POST are served");
  }
  if (target.size() > limits.max_target_bytes) return refuse(414, why_for(414));
  if (headers.size() > limits.max_headers) return refuse(431, why_for(431));
  if (target.empty() || target.front() != '/') {
    return refuse(400, "the request target must be a path beginning with /");
  }
  const size_t q = target.find('?');
  std::string path(target.substr(0, q));
  out.req.path = httplib::detail::decode_url(path, false);
  if (out.req.path.find('\0') != std::string::npos) {
    return refuse(400, "the path holds a NUL character");
  }
  if (q != std::string_view::npos) {
    httplib::detail::parse_query_text(std::string(target.substr(q + 1)), out.req.params);
  }
  out.req.headers = std::move(headers);
  const std::string type = out.req.get_header_value("Content-Type");
  if (starts_with_ci(type, "multipart/")) {
    return refuse(415, "multipart bodies are not accepted; send forms urlencoded");
  }
  if (method == "POST" && starts_with_ci(type, "application/x-www-form-urlencoded")) {
    httplib::detail::parse_query_text(body, out.req.params);
  }
  out.req.body = std::move(body);
  return out;
}

ParsedRequest parse_request(std::string_view bytes, const HttpLimits& limits) {
  auto refuse = [](int status, const char* why) {
    ParsedRequest out;
    out.status = status;
    out.why = why;
    return out;
  };
  http::request_parser<http::string_body> p;
  configure(p, limits);
  p.eager(true);
  beast::error_code ec;
  while (!bytes.empty() && !p.is_done()) {
    const size_t used = p.put(asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) {
      ec = {};
      if (used == 0) break;  // everything given, and it is not enough
      continue;
    }
    if (ec) {
      const int s = status_for(ec);
      return refuse(s, why_for(s));
    }
    if (p.is_header_done()) {
      if (int s = check_head(p, limits); s != 0) return refuse(s, why_for(s));
    }
    if (used == 0) break;
  }
  if (!p.is_header_done() || !p.is_done()) {
    return refuse(400, "the request ends before it is complete");
  }
  auto m = p.release();
  return to_request(std::string_view(m.method_string().data(), m.method_string().size()),
                    std::string_view(m.target().data(), m.target().size()), headers_of(m),
                    std::move(m.body()), limits);
}

}  // namespace bc::web
