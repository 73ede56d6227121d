#include "web/context.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/date.h"
#include "core/fiscal.h"
#include "core/utf8.h"
#include "store/audit.h"

namespace bc::web {
namespace {

constexpr size_t kMaxParam = 200;

// The first and last month with activity in the snapshot.
std::optional<std::pair<YearMonth, YearMonth>> data_months(const Snapshot& s) {
  std::optional<int32_t> lo, hi;
  auto see = [&](std::span<const int32_t> dates) {
    if (dates.empty()) return;
    lo = lo ? std::min(*lo, dates.front()) : dates.front();
    hi = hi ? std::max(*hi, dates.back()) : dates.back();
  };
  see(s.spells.admitted);
  see(s.ae.arrived);
  see(s.care_homes.admitted);
  see(s.reablement.discharged);
  if (!lo) return std::nullopt;
  return std::make_pair(YearMonth::of(Date::from_days(*lo)), YearMonth::of(Date::from_days(*hi)));
}

}  // namespace

Result<std::optional<std::string>> Ctx::param(const std::string& name) const {
  if (!req.has_param(name)) return std::optional<std::string>();
  std::string v = req.get_param_value(name);
  if (v.size() > kMaxParam) {
    return Status::invalid_argument(
        fmt::format("the parameter '{}' is longer than {} bytes", name, kMaxParam));
  }
  if (find_invalid_utf8(v) != std::string_view::npos) {
    return Status::invalid_argument(fmt::format("the parameter '{}' is not valid UTF-8", name));
  }
  return std::optional<std::string>(std::move(v));
}

Result<Period> Ctx::period() const {
  auto p = param("period");
  if (!p.ok()) return p.status();
  if (*p && !(*p)->empty()) {
    auto parsed = Period::parse(**p);
    if (!parsed.ok()) return Status::invalid_argument(parsed.status().message());
    return parsed;
  }
  auto snap = app.snapshot();
  if (!snap.ok()) return snap.status();
  return default_period(**snap);
}

Status Ctx::audit(const std::string& action, const std::string& subject) {
  audited = true;
  return app.audit(user().name, action, subject, origin);
}

Period default_period(const Snapshot& snap) {
  auto months = data_months(snap);
  if (!months) return Period::year(FinancialYear::containing(Date::today_utc()));
  const YearMonth last = months->second;
  const FinancialYear fy = FinancialYear::containing(last);
  const int m = financial_month_of(last);
  return m == 12 ? Period::year(fy) : Period::year_to_date(fy, m);
}

std::vector<std::pair<std::string, std::string>> period_choices(const Snapshot& snap) {
  std::vector<std::pair<std::string, std::string>> out;
  auto months = data_months(snap);
  if (!months) return out;
  auto [first, last] = *months;
  const FinancialYear fy_last = FinancialYear::containing(last);
  const FinancialYear fy_first = FinancialYear::containing(first);
  for (FinancialYear fy = fy_last; fy >= fy_first; fy = fy.previous()) {
    if (!FinancialYear::from_start_year(fy.start_year()).ok())
      continue;  // a period could not name it
    const std::string fl = fy.label();
    const int last_m = fy == fy_last ? financial_month_of(last) : 12;
    out.emplace_back(Period::year(fy).label(), fmt::format("{} (financial year)", fl));
    for (int q = quarter_of_financial_month(last_m); q >= 1; --q) {
      out.emplace_back(Period::quarter(fy, q).label(), fmt::format("{} quarter {}", fl, q));
    }
    for (int m = last_m; m >= 1; --m) {
      const YearMonth ym = fy.month(m);
      const std::string name = ym.name();
      out.emplace_back(Period::month(fy, m).label(), name);
      if (m > 1 && m < 12) {
        out.emplace_back(Period::year_to_date(fy, m).label(),
                         fmt::format("{} year to {}", fl, name));
      }
      if (ym.add_months(-11) >= first) {
        out.emplace_back(Period::rolling_12(ym).label(), fmt::format("12 months to {}", name));
      }
    }
  }
  return out;
}

void send_json(httplib::Response& res, const nlohmann::json& j, int status) {
  res.status = status;
  res.set_content(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  "application/json; charset=utf-8");
}

void send_html(httplib::Response& res, std::string html, int status) {
  res.status = status;
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

void send_file(httplib::Response& res, std::string body, const std::string& type,
               const std::string& file_name) {
  res.status = 200;
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file_name));
  res.set_content(std::move(body), type);
}

int http_status_for(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kInvalidData:
      return 409;
    case StatusCode::kBusy:
      return 503;
    case StatusCode::kStoreError:
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string public_message(const Status& s) {
  int code = http_status_for(s);
  // Busy: the one server-side state worth telling, with no detail of the store.
  if (code == 503) {
    return "the data store is busy with an update (such as an import); try again in a minute";
  }
  if (code >= 500) return "the server could not answer this request; the error has been logged";
  return printable(s.message(), 400);
}

namespace {
const char* code_word(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 417:
      return "expectation_failed";
    case 429:
      return "too_many_requests";
    case 431:
      return "header_fields_too_large";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}
}  // namespace

void send_json_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, {{"error", {{"code", code_word(status)}, {"message", message}}}}, status);
}

}  // namespace bc::web
