// Pieces shared by the router and the server that are not part of any
// handler's contract: the access log's per-request notes, the error log,
// the plain error page, and the pre-session (sign-in) CSRF cookie.
//
// Thread safety: the notes are per thread (a handler runs on one worker
// thread from start to finish; web/http_server.h).
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

namespace bc::web {

// Cookie holding the CSRF token of a sign-in form (no session yet).
inline constexpr const char* kPreSessionCookie = "bc_csrf";

// Remembers who made the current request, for the access log line.
void note_user(const std::string& name);
// Holds the current request's response back for `delay` after the
// handler returns (slowing repeated failed sign-ins) without holding the
// worker: the server sends it from a timer.
void delay_response(std::chrono::milliseconds delay);
// Writes a server-side error line (never sent to the client).
void log_error(const httplib::Request& req, const std::string& detail);
// A minimal page for an error status: heading, message, link home.
std::string error_page(int status, const std::string& message);
// The value of one cookie of the request, or "".
std::string request_cookie(const httplib::Request& req, std::string_view name);

}  // namespace bc::web
