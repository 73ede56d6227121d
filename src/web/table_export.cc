#include "web/table_export.h"

#include <fmt/format.h>

#include <memory>

#include "present/html_escape.h"
#include "report/xlsx_table.h"
#include "web/layout.h"
#include "web/page_tables.h"

namespace bc::web {
namespace {

using present::html_escape;

// The page's address with its query, less the download parameters, plus `extra`.
std::string download_href(const Ctx& ctx, std::string_view extra) {
  std::string href = ctx.req.path + "?";
  for (const auto& [name, value] : ctx.req.params) {
    if (name == "download" || name == "table") continue;
    href += url_encode(name) + "=" + url_encode(value) + "&";
  }
  return href + std::string(extra);
}

// The attribute value as written by html_escape, unescaped.
std::string unescape(std::string_view s) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        done = true;
        break;
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

}  // namespace

std::string with_download_links(const Ctx& ctx, std::string_view body) {
  // A page shown again after a refused form (422) answers a POST: its
  // parameters are the form's, CSRF token included, and belong in no link.
  if (ctx.req.method != "GET") return std::string(body);
  static constexpr std::string_view kOpen =
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"";
  std::string out;
  out.reserve(body.size() + 4096);
  size_t from = 0;
  for (size_t at = body.find(kOpen); at != std::string_view::npos; at = body.find(kOpen, from)) {
    size_t label_end = body.find('"', at + kOpen.size());
    if (label_end == std::string_view::npos) break;
    std::string_view escaped = body.substr(at + kOpen.size(), label_end - at - kOpen.size());
    const std::string key = present::table_key(unescape(escaped));
    out.append(body.substr(from, at - from));
    if (!key.empty()) {
      out += fmt::format(
          "<p class=\"downloads\">Download this table: <a href=\"{1}\" download>CSV<span "
          "class=\"visually-hidden\"> of {0}</span></a> · <a href=\"{2}\" download>XLSX<span "
          "class=\"visually-hidden\"> of {0}</span></a></p>\n",
          escaped, html_escape(download_href(ctx, "download=csv&table=" + key)),
          html_escape(download_href(ctx, "download=xlsx&table=" + key)));
    }
    from = at;
    out.append(body.substr(from, kOpen.size()));
    from += kOpen.size();
  }
  out.append(body.substr(from));
  return out;
}

std::string whole_page_download_link(const Ctx& ctx) {
  return "<p class=\"downloads\"><a class=\"button\" href=\"" +
         html_escape(download_href(ctx, "download=xlsx")) +
         "\" download>Download every table of this page (XLSX)</a></p>\n";
}

bool wants_download(const Ctx& ctx) {
  return ctx.req.has_param("download");
}

Status answer_download(Ctx& ctx) {
  auto format = ctx.param("download");
  if (!format.ok()) return format.status();
  auto key = ctx.param("table");
  if (!key.ok()) return key.status();
  const std::string fmt_name = format->value_or("");
  if (fmt_name != "csv" && fmt_name != "xlsx")
    return Status::invalid_argument(
        fmt::format("download={}: a table downloads as csv or xlsx", fmt_name));
  if (fmt_name == "csv" && !key->has_value())
    return Status::invalid_argument("download=csv needs table=, the name of one table");
  std::vector<present::Table> tables = page_tables(ctx.res.body);
  if (key->has_value()) {
    std::erase_if(tables, [&](const present::Table& t) { return t.key != **key; });
    if (tables.empty()) return Status::not_found(fmt::format("this page has no table '{}'", **key));
    tables.resize(1);
  } else if (tables.empty()) {
    return Status::not_found("this page has no table to download");
  }
  std::string page = present::table_key(ctx.req.path);
  std::string name = key->has_value() ? tables.front().key : (page.empty() ? "overview" : page);
  if (Status s = ctx.audit("download_table",
                           fmt::format("{} {} {}", ctx.req.path, key->value_or("(all)"), fmt_name));
      !s.ok())
    return s;
  ctx.res.headers.erase("Content-Type");
  if (fmt_name == "csv") {
    send_file(ctx.res, present::table_csv(tables.front()), kCsvType, name + ".csv");
    return Status();
  }
  auto bytes = report::tables_xlsx(tables, key->has_value() ? tables.front().title : name);
  if (!bytes.ok()) return bytes.status();
  send_file(ctx.res, std::move(*bytes), kXlsxType, name + ".xlsx");
  return Status();
}

}  // namespace bc::web
