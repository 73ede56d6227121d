// HttpServer: the HTTP/1.1 transport under `bettercare serve`, built to
// stay up for everyone when some clients are slow, idle or hostile.
//
// Boost.Beast over Asio: connections are driven by a few I/O threads and
// cost no worker while they are idle, sending or receiving; a worker is
// taken only once a whole request has arrived within the limits below,
// and given back before the response is sent. What it promises (each is
// tested with a real socket in tests/http/hostile_test.cc and listed in
// docs/security.md):
//   - a request (request line, headers and body) must arrive whole within
//     request_timeout from its first byte (else 408 and the connection
//     closes), and an idle kept-alive connection closes after keep_alive;
//   - at most max_header_bytes of request line and headers and at most
//     max_headers header fields (else 431), a target of at most
//     max_target_bytes (414) and a body of at most max_body_bytes whatever
//     the transfer encoding (413): reading stops at the limit and the
//     connection closes;
//   - at most body_budget_bytes of request bodies are received at once
//     (else 503 with Retry-After), so memory stays bounded however many
//     clients upload together; at most max_connections connections (the
//     oldest one not being answered is closed to make room);
//   - only GET, HEAD and POST (else 405); no Range support: a Range header
//     is ignored and the whole representation sent, once;
//   - pipelined requests are answered one after another, in order;
//   - requests wait for a worker in a bounded queue per lane; a full
//     queue is answered 503 with Retry-After at once. Sign-in has its own
//     small lane, so a flood of (deliberately slow) password checks never
//     holds the workers everyone else needs, and its memory is bounded;
//   - GET /healthz is answered by the I/O threads, never queued;
//   - stop() closes the listener and every idle or half-received
//     connection at once, lets requests being answered finish, and is
//     over within stop_grace whatever the clients do.
//
// Thread safety: handlers run on worker threads, many at once. stop() may
// be called from any thread, once run() has been called.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc::web {

struct HttpLimits {
  size_t max_header_bytes = 16 << 10;  // request line and header fields
  size_t max_headers = 100;
  size_t max_target_bytes = 8 << 10;
  size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds request_timeout{10'000};  // first byte to last
  std::chrono::milliseconds keep_alive{5'000};        // idle between requests
  std::chrono::milliseconds write_timeout{10'000};    // a whole response
  size_t max_connections = 1000;                      // lowered to fit the file limit
  size_t body_budget_bytes = 64 << 20;                // bodies being received at once
  std::chrono::milliseconds stop_grace{5'000};
};

// A request as the handlers see it (httplib's Request: method, path
// percent-decoded, params from the query string and from a urlencoded
// form body, headers, body, remote_addr) or the status to refuse it with.
struct ParsedRequest {
  int status = 0;   // 0: a request to answer; else 400, 405, 413, 414, 415 or 431
  std::string why;  // for the refusal's message
  httplib::Request req;
};

// Builds the handlers' request from a parsed head and body. Pure: the
// part of request handling that is ours (the HTTP framing is Beast's).
// method is the request's method token, target its request-target.
ParsedRequest to_request(std::string_view method, std::string_view target, httplib::Headers headers,
                         std::string body, const HttpLimits& limits);

// Parses `bytes` as one HTTP/1.1 request with the same parser, limits and
// conversion the server uses; for the fuzz target and the tests. A
// request cut short is 400.
ParsedRequest parse_request(std::string_view bytes, const HttpLimits& limits);

// The lanes a request can wait in for a worker.
struct Lane {
  size_t threads = 16;
  size_t queue = 64;  // requests waiting; more get 503
};

class HttpServer {
 public:
  // Fills the response for a request. Runs on a worker thread; may throw
  // (answered 500, logged through `log_error`).
  using Handler = std::function<void(httplib::Request&, httplib::Response&)>;
  // After a handler: what the access log needs that only the worker knows.
  struct Finished {
    std::string user;                    // signed-in user, or ""
    std::chrono::milliseconds delay{0};  // hold the response this long (slowing sign-in)
  };

  struct Options {
    std::string bind = "127.0.0.1";
    int port = 0;  // 0: any free port
    HttpLimits limits;
    size_t io_threads = 2;
    Lane general;
    Lane sign_in{2, 32};
    Handler handler;
    // Whether a request waits in the sign-in lane.
    std::function<bool(const httplib::Request&)> is_sign_in;
    // Called on the worker right after the handler; default: nothing.
    std::function<Finished()> finished;
    // Fills the body of an error response (status set) the server makes
    // itself (`why` says why), or that a handler left empty (`why` "").
    std::function<void(const httplib::Request&, httplib::Response&, const std::string& why)>
        error_body;
    // Added to every response that does not set the header itself.
    httplib::Headers default_headers;
    // One line per answered request; may be empty.
    std::function<void(const httplib::Request&, int status, size_t bytes, double ms,
                       const std::string& user)>
        access_log;
    std::function<void(const httplib::Request&, const std::string& detail)> log_error;
  };

  // Binds and listens; an error if the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> listen(Options options);
  ~HttpServer();

  int port() const;
  // Serves until stop(); returns once every connection is closed.
  void run();
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bc::web
