#include "care/mdt_log.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "core/csv_reader.h"
#include "core/date.h"
#include "core/nhs_number.h"
#include "core/utf8.h"

namespace bc {
namespace {

enum Col { kCluster, kDate, kAttendees, kNhs, kOutcome, kActions, kCount };
constexpr std::string_view kMdtLogHeader[kCount] = {"cluster_code", "meeting_date", "attendees",
                                                    "nhs_number",   "outcome",      "actions"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "Ann Lee (GP); Sam Patel (community matron)" -> attendees, or a reason.
Result<std::vector<MdtAttendee>> attendees_of(std::string_view text) {
  std::vector<MdtAttendee> out;
  while (!text.empty()) {
    const size_t semi = text.find(';');
    const std::string_view one = trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const size_t open = one.rfind(" (");
    if (one.empty() || open == std::string_view::npos || one.back() != ')')
      return Status::invalid_data(fmt::format(
          "attendee '{}': write each as Name (profession), separated by ';'", printable(one, 60)));
    out.push_back({std::string(trim(one.substr(0, open))),
                   std::string(one.substr(open + 2, one.size() - open - 3))});
    if (out.size() > 100) return Status::invalid_data("at most 100 attendees");
  }
  if (out.empty()) return Status::invalid_data("a meeting has at least one attendee");
  return out;
}

}  // namespace

Result<std::vector<MdtMeeting>> read_mdt_log(std::string_view csv) {
  auto reader = CsvReader::from_string(std::string(csv));
  std::vector<std::string> problems;
  auto problem = [&](int64_t line, std::string what) {
    if (problems.size() < 20) problems.push_back(fmt::format("line {}: {}", line, what));
  };
  std::vector<MdtMeeting> meetings;
  std::map<std::pair<std::string, std::string>, size_t> index;  // (cluster, date) -> meeting
  std::map<size_t, std::string> attendees_text;                 // meeting -> as first given
  std::map<size_t, bool> nobody;                                // meeting -> an empty row seen
  CsvRecord r;
  bool header = true;
  size_t rows = 0;
  while (reader->next(&r)) {
    if (header) {
      header = false;
      bool ok = r.size() == kCount;
      for (size_t i = 0; ok && i < kCount; ++i) ok = trim(r[i]) == kMdtLogHeader[i];
      if (!ok) {
        return Status::invalid_data(
            "line 1: the header must be cluster_code,meeting_date,attendees,nhs_number,outcome,"
            "actions");
      }
      continue;
    }
    if (++rows > kMaxMdtLogRows)
      return Status::invalid_data(fmt::format("more than {} rows: split the file", kMaxMdtLogRows));
    if (r.size() != kCount) {
      problem(r.line, fmt::format("{} fields, not {}", r.size(), static_cast<int>(kCount)));
      continue;
    }
    auto date = Date::parse(trim(r[kDate]));
    if (!date.ok()) {
      problem(r.line, fmt::format("meeting_date '{}': {}", printable(r[kDate], 40), date.error()));
      continue;
    }
    const std::string cluster(trim(r[kCluster]));
    auto [it, added] = index.try_emplace({cluster, date->iso()}, meetings.size());
    const size_t k = it->second;
    if (added) {
      if (meetings.size() >= kMaxMdtLogMeetings)
        return Status::invalid_data(
            fmt::format("more than {} meetings: split the file", kMaxMdtLogMeetings));
      auto who = attendees_of(r[kAttendees]);
      if (!who.ok()) problem(r.line, who.error());
      MdtMeeting m;
      m.cluster_code = cluster;
      m.date = *date;
      if (who.ok()) m.attendees = std::move(*who);
      meetings.push_back(std::move(m));
      attendees_text[k] = std::string(r[kAttendees]);
    } else if (r[kAttendees] != attendees_text[k]) {
      problem(r.line, "attendees differ from the meeting's first row: give them the same way");
    }
    const bool empty = trim(r[kNhs]).empty() && trim(r[kOutcome]).empty() && r[kActions].empty();
    if (empty) {
      if (!added || nobody[k])
        problem(r.line, "a row with no person is for a meeting that discussed nobody, alone");
      nobody[k] = true;
      continue;
    }
    if (nobody[k]) problem(r.line, "the meeting was given a row with no person already");
    auto nhs = NhsNumber::parse(trim(r[kNhs]));
    if (!nhs.ok()) {
      problem(r.line, fmt::format("nhs_number '{}': {}", printable(r[kNhs], 20), nhs.error()));
      continue;
    }
    meetings[k].discussions.push_back(
        {nhs->value(), std::string(trim(r[kOutcome])), std::string(r[kActions])});
  }
  if (const CsvError* e = reader->error(); e != nullptr) problem(e->line, e->reason);
  if (header) return Status::invalid_data("the file is empty: it needs the header line");
  if (!problems.empty()) {
    std::string msg = "the MDT log was not read:";
    for (const auto& p : problems) msg += "\n  " + p;
    return Status::invalid_data(msg);
  }
  return meetings;
}

}  // namespace bc
