// The request context handed to every page and API handler, and the small
// helpers they share: query parameters, the period picker's period, and
// how errors become responses.
//
// A handler returns a Status. The router turns a non-ok one into the
// response: InvalidArgument 400, PermissionDenied 403, NotFound 404,
// InvalidData 409 (a refused change: nothing was changed), anything else
// 500 with a generic message (the detail goes to the server's log only,
// never to the client). API routes (/api/...) answer errors as
// {"error": {"code", "message"}}; pages as an HTML page.
//
// Thread safety: a Ctx belongs to one request.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/period.h"
#include "core/status.h"
#include "web/accounts.h"
#include "web/app.h"

namespace bc::web {

struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  WebApp& app;
  const Session& session;  // the signed-in user (routes open to all have a blank one)
  std::string origin;      // the client's address, for the audit log (router.h)
  bool audited = false;    // an audit entry was written for this request

  const User& user() const { return session.user; }
  // A query (or form) parameter; nullopt when absent. InvalidArgument when
  // it is longer than 200 bytes or not valid UTF-8.
  Result<std::optional<std::string>> param(const std::string& name) const;
  // The "period" parameter (engine syntax: 2017/18, 2017/18:M6,
  // 2017/18:Q3, 2017/18:YTD6, R12:2018-03), or the default period: the
  // financial year to date of the latest month with data.
  Result<Period> period() const;
  // Writes an audit entry for this user and request (store/audit.h), and
  // notes that the request was audited (the router then writes no separate
  // entry for a refusal).
  Status audit(const std::string& action, const std::string& subject);
};

// The default period for a snapshot: the financial year of the latest
// month with activity, to date (2017/18:YTD9), or whole once it has ended.
Period default_period(const Snapshot& snap);

// The period picker's choices for the data loaded: each financial year,
// its quarters, months, year-to-date months and rolling 12 months, newest
// first: pairs of (value, label).
std::vector<std::pair<std::string, std::string>> period_choices(const Snapshot& snap);

// Responses.
void send_json(httplib::Response& res, const nlohmann::json& j, int status = 200);
void send_html(httplib::Response& res, std::string html, int status = 200);
// A download: body as the file `file_name` of `type` (200, attachment).
void send_file(httplib::Response& res, std::string body, const std::string& type,
               const std::string& file_name);
inline constexpr const char* kCsvType = "text/csv; charset=utf-8";
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// {"error": {"code": "bad_request", "message": ...}}
void send_json_error(httplib::Response& res, int status, const std::string& message);
// The HTTP status for a failed Status (see above).
int http_status_for(const Status& s);
// What a client may be told of a failed Status: its message for 4xx, a
// generic sentence for 5xx.
std::string public_message(const Status& s);

}  // namespace bc::web
