// The board pack: one document for one meeting of a board, as its members
// receive it. A cover with the agenda; then, item by item, each paper's
// front sheet (decision-maker, subject, lead, author, confidentiality,
// when it was published against the latest compliant day) and what the
// item brings: the previous meeting's minutes and the action tracker, the
// performance report and the finance schedule as at the latest month, the
// scheme reports awaiting the board. Whatever no item names goes in
// appendices at the end, so the pack always holds all of it.
//
// Pages: each item's part starts on a new page, its first line "Agenda
// item N" (an appendix's "Appendix A"), and every page is numbered at its
// foot. Printed to PDF, the agenda gives each item's pages ("Pages 7 -
// 26"): board_pack_pdf() prints once, reads on which page each part
// starts (poppler's pdftotext), and prints again with those pages in the
// agenda, so the agenda and the page numbers agree. The HTML alone has no
// pages to give: its agenda links to each part.
//
// Part 2 (confidential) items get a front sheet that says why they are
// exempt; their papers are not in the pack.
//
// Thread safety: one thread at a time per store.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/period.h"
#include "core/status.h"
#include "governance/board_config.h"
#include "report/performance_report.h"

namespace bc::report {

struct BoardPackRequest {
  const BoardDef* board = nullptr;
  Date meeting;
  // The performance report and finance schedule are as at this month
  // (board_pack_month()); none when no activity is loaded before the meeting.
  std::optional<Period> at;
  // First and last page of each agenda item's part, by item number, from
  // a printing; empty when not printed (the agenda links instead).
  std::map<std::string, std::pair<int, int>> pages;
  // "Pages 000 - 000" for every item with a part: a first printing, laid
  // out as the last will be.
  bool placeholder_pages = false;
};

struct BoardPackPart {
  std::string marker;  // the part's first line: "Agenda item 5", "Appendix A"
  std::string item;    // the agenda item it belongs to; "" for an appendix
};

struct BoardPack {
  std::string html;                  // one self-contained document
  std::vector<BoardPackPart> parts;  // after the cover, in order
};

// The pack. NotFound when the board has no meeting on that date.
Result<BoardPack> board_pack_html(const ReportContext& ctx, const BoardPackRequest& request);

// The month a pack is as at by default: the last month with activity that
// ended before the meeting (at most the month before the meeting's).
// nullopt when no activity is loaded before it.
std::optional<Period> board_pack_month(const Snapshot& snapshot, Date meeting);

// Prints the pack to pdf_path with its agenda's pages filled in (see
// above), and writes the same document, pages and all, to html_path.
// progress is told each step ("printing the pack (1 of 2)...").
Status board_pack_pdf(const ReportContext& ctx, BoardPackRequest request,
                      const std::string& html_path, const std::string& pdf_path,
                      const std::function<void(const std::string&)>& progress);

}  // namespace bc::report
