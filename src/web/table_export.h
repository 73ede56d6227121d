// The downloads of a page's tables. Every table a page shows sits in a
// labelled region, and the layout puts links to download it before it;
// the page's own address with ?download=csv&table=KEY gives that table as
// CSV, download=xlsx as a workbook, and download=xlsx with no table every
// table of the page, one sheet each (the overview and finance pages link
// to that as "the whole page as XLSX").
//
// A download is read off the page its handler has just rendered for the
// same user and request: it holds exactly what the page shows, small-number
// suppression and the role's view included, and a page needs no code of
// its own for it. Each download is audited ("download_table").
//
// Thread safety: pure functions of the request context.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "present/table.h"
#include "web/context.h"

namespace bc::web {

// The body with, before each table region (an element that opens
// `<div class="table-wrap" tabindex="0" role="region" aria-label="LABEL">`,
// the one way pages write one), the links that download that table as CSV
// and XLSX. LABEL names the download, so it is unique on its page.
// render_page (layout.h) calls it for every page; a page answering a POST
// (a refused form shown again) gets no links: its parameters are the form's.
std::string with_download_links(const Ctx& ctx, std::string_view body);

// The link that downloads every table of the page as one workbook.
std::string whole_page_download_link(const Ctx& ctx);

// Whether the request asks for a download (a "download" parameter).
bool wants_download(const Ctx& ctx);

// Replaces the page the handler has just put in ctx.res with the download
// the request asks for. InvalidArgument for a format other than csv or
// xlsx, or csv without a table; NotFound when the page has no such table.
Status answer_download(Ctx& ctx);

}  // namespace bc::web
