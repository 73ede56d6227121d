#include "report/board_pack.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "engine/snapshot.h"
#include "governance/calendar.h"
#include "governance/notice.h"
#include "governance/tracker.h"
#include "present/html_escape.h"
#include "programme/scheme_report.h"
#include "report/board_pack_parts.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report/scheme_report_html.h"

namespace bc::report {

using present::html_escape;

namespace {

// The pack's own print rules: every page numbered at its foot, the marker
// line each part starts with, overdue actions and notice warnings marked
// in words as well as colour.
constexpr std::string_view kPackStyle = R"css(<style>
@page { @bottom-center { content: "Page " counter(page); font-size: 8.5pt; color: #555; } }
.pack-marker { text-align: right; font-weight: bold; margin: 0 0 2mm; }
.pack-flag { display: inline-block; font-size: 8.5pt; border: 1px solid #555; border-radius: 1mm;
             padding: 0 1mm; margin-left: 1mm; }
.pack-notice { border-left: 2mm solid #b35806; padding: 1mm 3mm; margin: 0 0 4mm; background: #fff4e5; }
.pack-warning { font-weight: bold; }
tr.pack-overdue td { background: #f4cccc; }
td.pack-pages { white-space: nowrap; }
</style>
)css";

// What a generated document is called, as an agenda item's `attachment`
// names it and as an appendix's title.
struct Attachment {
  std::string_view id, title;
};
constexpr Attachment kAttachments[] = {
    {"minutes", "Minutes of the previous meeting and the action tracker"},
    {"performance_report", "Performance report"},
    {"finance_schedule", "Finance schedule"},
    {"scheme_reports", "Scheme reports awaiting the board"},
};

// The reports this board acts on next: the JCB receives and signs off
// what was submitted; the HWB what the JCB signed off.
bool awaits(const BoardDef& board, ReportState s) {
  if (board.id == "JCB") return s == ReportState::kSubmitted || s == ReportState::kReceivedByJcb;
  if (board.id == "HWB") {
    return s == ReportState::kSignedOffByJcb || s == ReportState::kReceivedByHwb;
  }
  return false;
}

class PackWriter {
 public:
  PackWriter(const ReportContext& ctx, const BoardPackRequest& req, PackMeeting m)
      : ctx_(ctx), req_(req), m_(std::move(m)) {}

  // The HTML of one generated document.
  Result<std::string> attachment(std::string_view id) {
    if (id == "minutes") return minutes_and_tracker();
    if (id == "performance_report") {
      if (!req_.at) return no_activity();
      ReportSections sections;
      sections.finance = false;
      return performance_report_body(ctx_, *req_.at, "bp", sections);
    }
    if (id == "finance_schedule") {
      if (!req_.at) return no_activity();
      auto fin = finance_schedule_html(ctx_, *req_.at);
      if (!fin.ok()) return fin.status();
      return fmt::format("<h3>Finance schedule, {}</h3>\n{}", html_escape(as_at_label(*req_.at)),
                         *fin);
    }
    return scheme_reports();
  }

 private:
  std::string no_activity() const {
    return "<p>No activity is loaded for a month before the meeting.</p>\n";
  }

  Result<std::string> minutes_and_tracker() {
    const std::string day = m_.meeting.meeting_date;
    auto meetings = read_meetings(*ctx_.store, m_.board->id);
    if (!meetings.ok()) return meetings.status();
    std::optional<MeetingRecord> previous;
    for (const MeetingRecord& r : *meetings) {
      if (r.meeting_date < day && r.status == "held") previous = r;
    }
    std::vector<AgendaItemRecord> agenda;
    std::vector<AttendanceRecord> attendance;
    std::vector<DeclarationRecord> declarations;
    if (previous) {
      auto a = read_agenda(*ctx_.store, m_.board->id, previous->meeting_date);
      if (!a.ok()) return a.status();
      auto at = read_attendance(*ctx_.store, m_.board->id, previous->meeting_date);
      if (!at.ok()) return at.status();
      auto d = read_declarations(*ctx_.store, m_.board->id, previous->meeting_date);
      if (!d.ok()) return d.status();
      agenda = std::move(*a);
      attendance = std::move(*at);
      declarations = std::move(*d);
    }
    const Date meeting = *Date::parse(day);
    // The tracker as the meeting opens: actions set at earlier meetings.
    auto actions = actions_as_at(*ctx_.store, m_.board->id, meeting.add_days(-1), false);
    if (!actions.ok()) return actions.status();
    return pack_minutes_html(*m_.board, m_.members, previous, agenda, attendance, declarations) +
           pack_tracker_html(*m_.board, meeting, *actions);
  }

  Result<std::string> scheme_reports() {
    auto reports = list_scheme_reports(*ctx_.store, std::nullopt, std::nullopt);
    if (!reports.ok()) return reports.status();
    std::string out = "<h3>Scheme reports awaiting the board</h3>\n";
    int n = 0;
    for (const SchemeReportVersion& r : *reports) {
      if (!awaits(*m_.board, r.state)) continue;
      auto q = Period::parse_quarter(r.quarter);
      if (!q.ok()) continue;  // stored quarters always parse
      auto frag = scheme_report_fragment(ctx_, r.scheme, *q);
      if (!frag.ok()) return frag.status();
      out += fmt::format("<div class=\"{}\">{}</div>\n", n == 0 ? "" : "page-break", *frag);
      ++n;
    }
    if (n == 0) {
      out +=
          fmt::format("<p>No scheme report is awaiting the {}.</p>\n", html_escape(m_.board->name));
    }
    return out;
  }

  const ReportContext& ctx_;
  const BoardPackRequest& req_;
  PackMeeting m_;
};

}  // namespace

std::optional<Period> board_pack_month(const Snapshot& snapshot, Date meeting) {
  // The month before the meeting's, or the last with activity if earlier.
  const YearMonth before = YearMonth::of(meeting).add_months(-1);
  const int32_t end = before.last_day().days();
  std::optional<int32_t> last;
  auto see = [&](std::span<const int32_t> dates) {  // sorted by date
    auto it = std::upper_bound(dates.begin(), dates.end(), end);
    if (it == dates.begin()) return;
    const int32_t d = *std::prev(it);
    last = last ? std::max(*last, d) : d;
  };
  see(snapshot.spells.admitted);
  see(snapshot.ae.arrived);
  see(snapshot.care_homes.admitted);
  see(snapshot.reablement.discharged);
  if (!last) return std::nullopt;
  return Period::month(YearMonth::of(Date::from_days(*last)));
}

Result<BoardPack> board_pack_html(const ReportContext& ctx, const BoardPackRequest& request) {
  const BoardDef& board = *request.board;
  const std::string day = request.meeting.iso();
  auto meeting = find_meeting(*ctx.store, board.id, day);
  if (!meeting.ok()) return meeting.status();
  if (!*meeting) return Status::not_found(fmt::format("{} has no meeting on {}", board.id, day));
  PackMeeting m;
  m.board = &board;
  m.meeting = **meeting;
  auto agenda = read_agenda(*ctx.store, board.id, day);
  if (!agenda.ok()) return agenda.status();
  m.agenda = std::move(*agenda);
  auto members = read_board_members(*ctx.store, board.id);
  if (!members.ok()) return members.status();
  m.members = std::move(*members);
  m.notice =
      assess_notice(board, WorkingCalendar::england(), request.meeting, m.agenda, ctx.generated_on);

  PackWriter writer(ctx, request, m);
  BoardPack pack;
  std::string parts;
  std::vector<std::string> items_with_parts;
  std::vector<std::string_view> attached;
  for (const AgendaItemRecord& a : m.agenda) {
    if (!a.paper && !a.attachment && !a.part2) continue;
    items_with_parts.push_back(a.item);
    pack.parts.push_back({"Agenda item " + a.item, a.item});
    parts += fmt::format("<section class=\"page\" id=\"item-{}\">\n", html_escape(a.item));
    parts += pack_front_sheet_html(m, a);
    if (a.attachment && !a.part2) {
      auto body = writer.attachment(*a.attachment);
      if (!body.ok()) return body.status();
      parts += *body;
      attached.push_back(*a.attachment);
    }
    parts += "</section>\n";
  }
  // What no item brings goes at the end, so the pack always holds it all.
  std::vector<std::string> appendices;
  for (const Attachment& at : kAttachments) {
    if (std::find(attached.begin(), attached.end(), at.id) != attached.end()) continue;
    const std::string letter(1, static_cast<char>('A' + appendices.size()));
    auto body = writer.attachment(at.id);
    if (!body.ok()) return body.status();
    pack.parts.push_back({"Appendix " + letter, ""});
    appendices.push_back(fmt::format("{} {}", letter, at.title));
    parts += fmt::format(
        "<section class=\"page\" id=\"appendix-{0}\">\n<p class=\"pack-marker\">Appendix {0}</p>"
        "\n<h2>{1}</h2>\n{2}</section>\n",
        letter, html_escape(at.title), *body);
  }
  std::string body =
      std::string(kPackStyle) +
      pack_cover_html(m, items_with_parts, request.pages, request.placeholder_pages, appendices) +
      parts;
  pack.html =
      html_document(fmt::format("{}, {}", board.name, pack_long_date(request.meeting)), body);
  return pack;
}

namespace {

// The page (1-based) on which each part starts: the first page, after the
// previous part's, with a line that is exactly its marker.
Result<std::vector<int>> part_starts(const std::vector<std::string>& pages,
                                     const std::vector<BoardPackPart>& parts) {
  std::vector<int> out;
  size_t page = 0;
  for (const BoardPackPart& p : parts) {
    bool found = false;
    for (; page < pages.size() && !found; ++page) {
      size_t start = 0;
      const std::string& text = pages[page];
      while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
        if (line == p.marker) {
          found = true;
          out.push_back(static_cast<int>(page) + 1);
          break;
        }
        start = end + 1;
      }
    }
    if (!found) {
      return Status::internal(
          fmt::format("the printed pack has no page starting \"{}\"", p.marker));
    }
  }
  return out;
}

}  // namespace

Status board_pack_pdf(const ReportContext& ctx, BoardPackRequest request,
                      const std::string& html_path, const std::string& pdf_path,
                      const std::function<void(const std::string&)>& progress) {
  // First printing: every agenda item with a part shows "Pages 000 - 000",
  // the width the real numbers will take, so the layout does not move.
  request.pages.clear();
  request.placeholder_pages = true;
  std::vector<int> starts;
  for (int round = 1; round <= 3; ++round) {
    auto pack = board_pack_html(ctx, request);
    if (!pack.ok()) return pack.status();
    if (Status s = write_file_atomically(html_path, pack->html); !s.ok()) return s;
    progress(fmt::format("printing the pack with Chromium ({} of 2)...", std::min(round, 2)));
    if (Status s = html_to_pdf(html_path, pdf_path); !s.ok()) return s;
    auto pages = pdf_pages_text(pdf_path);
    if (!pages.ok()) return pages.status();
    auto found = part_starts(*pages, pack->parts);
    if (!found.ok()) return found.status();
    // Printed with the pages it gives: done.
    if (round > 1 && *found == starts) return Status::ok_status();
    starts = *found;
    request.pages.clear();
    request.placeholder_pages = false;
    for (size_t i = 0; i < pack->parts.size(); ++i) {
      const int last = i + 1 < starts.size() ? starts[i + 1] - 1 : static_cast<int>(pages->size());
      if (!pack->parts[i].item.empty()) request.pages[pack->parts[i].item] = {starts[i], last};
    }
  }
  return Status::internal("the pack's pages did not settle after three printings");
}

}  // namespace bc::report
