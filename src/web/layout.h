// The frame of every HTML page of the web application: the document head
// (stylesheet and script from /static only, so the Content-Security-Policy
// needs no inline script), the header with the sections the user's role may
// open (web/access.h), the period picker, the page's body and a footer that
// says whether small numbers are suppressed on this view.
//
// Pages are readable without JavaScript: /static/app.js only submits the
// period picker when it changes and asks before a form that cannot be
// undone. Every link between pages keeps the period the user chose.
//
// Thread safety: pure functions of the request context.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/context.h"

namespace bc::web {

// The sections of the navigation bar.
enum class Section {
  kNone,
  kOverview,
  kClusters,
  kFinance,
  kSchemes,
  kReports,
  kData,
  kPerson,
  kBoard,
  kProviders,
  kAdmin
};

struct PageOptions {
  std::string title;                 // the <title> and the page's <h1>
  Section section = Section::kNone;  // highlighted in the navigation
  bool period_picker = true;         // false on pages no period applies to
  // Query parameters of the page that the period picker keeps (e.g. "by").
  std::vector<std::pair<std::string, std::string>> keep;
  // Whether the page's figures are small-number suppressed; nullopt: the
  // user's city-wide rule (suppress_for(user, nullopt)).
  std::optional<bool> suppressed;
  // The period text the picker shows as chosen; empty: the request's.
  std::string period;
};

// A complete HTML document for a signed-in user. `body` is trusted HTML
// (everything in it already escaped).
std::string render_page(const Ctx& ctx, const PageOptions& o, std::string_view body);

// An error page for a signed-in user: the layout (header, navigation,
// sign-out) around what went wrong (`message`, shown escaped) and what to
// do next for the status.
std::string error_page_html(const Ctx& ctx, int status, const std::string& message);

// The request's period in engine syntax (the picker's choice, else the
// default period of the data), for links that keep it.
std::string period_text(const Ctx& ctx);

// Percent-encodes a query parameter value (RFC 3986 unreserved kept).
std::string url_encode(std::string_view s);

// path?period=...&name=value...: a link that keeps the period (omitted
// when empty). Not HTML-escaped: write it through html_escape (or use
// href_attr).
std::string link(std::string_view path, std::string_view period,
                 const std::vector<std::pair<std::string, std::string>>& params = {});
// The same, escaped for an attribute value.
std::string href_attr(std::string_view path, std::string_view period,
                      const std::vector<std::pair<std::string, std::string>>& params = {});

// <input type="hidden" name="csrf" ...> with the session's token.
std::string csrf_input(const Ctx& ctx);

// The box over a form whose submission was refused: "Nothing was saved"
// and the refusal's lines (escaped here), announced as an alert; "" when
// `error` is empty.
std::string form_error_html(std::string_view error);

// The <option>s of a code list, each shown in words ("rapid_response" as
// "rapid response"), `chosen` selected; with `blank`, a first empty
// option of those words (selected when nothing is chosen).
std::string code_options(std::span<const std::string_view> codes, std::string_view chosen = {},
                         std::string_view blank = {});

}  // namespace bc::web
