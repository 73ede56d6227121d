#include "quality/checklist.h"

#include <fmt/format.h>

#include <set>

#include "core/csv_reader.h"

namespace bc::embedded {
extern const std::string_view kFailureChecklistCsv;  // config/provider_failure_checklist.csv
}

namespace bc {
namespace {

constexpr size_t kMaxRows = 1000;

Status bad(int64_t line, std::string_view why) {
  return Status::invalid_data(fmt::format("checklist line {}: {}", line, why));
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

const ChecklistItem* Checklist::find(std::string_view number) const {
  for (const ChecklistItem& i : items)
    if (i.number == number) return &i;
  return nullptr;
}

bool checklist_applies(std::string_view scope, std::string_view provider_type) {
  if (scope == "All") return true;
  return (scope == "CH" && provider_type == "care_home") ||
         (scope == "HC" && provider_type == "home_care");
}

Result<Checklist> parse_checklist(std::string_view csv) {
  auto reader = CsvReader::from_string(std::string(csv));
  CsvRecord r;
  Checklist out;
  std::set<std::string> seen;
  bool header = true;
  int last_sub = 0;
  for (size_t rows = 0;; ++rows) {
    if (!reader->next(&r)) {
      if (const CsvError* e = reader->error()) return bad(e->line, e->reason);
      break;
    }
    if (rows > kMaxRows) return bad(r.line, fmt::format("more than {} rows", kMaxRows));
    if (r.size() != 3) return bad(r.line, "each row has three fields: item,text,scope");
    if (header) {
      if (r[0] != "item" || r[1] != "text" || r[2] != "scope")
        return bad(r.line, "the header must be item,text,scope");
      header = false;
      continue;
    }
    const std::string number(r[0]);
    if (r[1].empty()) return bad(r.line, fmt::format("{} has no text", number));
    if (!seen.insert(number).second) return bad(r.line, fmt::format("{} is there twice", number));
    const size_t dot = number.find('.');
    if (dot == std::string::npos) {
      if (!all_digits(number) || number.size() > 3 || !r[2].empty())
        return bad(r.line, "a section is a whole number with no scope");
      if (!out.sections.empty() && std::stoi(number) != std::stoi(out.sections.back().number) + 1)
        return bad(r.line, fmt::format("section {} is out of order", number));
      out.sections.push_back({number, std::string(r[1])});
      last_sub = 0;
      continue;
    }
    const std::string section = number.substr(0, dot), sub = number.substr(dot + 1);
    if (out.sections.empty() || section != out.sections.back().number || !all_digits(sub) ||
        sub.size() > 3 || std::stoi(sub) != last_sub + 1)
      return bad(r.line, fmt::format("{} is not the next item of its section", number));
    last_sub = std::stoi(sub);
    if (r[2] != "All" && r[2] != "CH" && r[2] != "HC")
      return bad(r.line, fmt::format("{}: the scope is All, CH or HC", number));
    out.items.push_back({number, section, std::string(r[1]), std::string(r[2])});
  }
  if (out.items.empty()) return Status::invalid_data("the checklist has no items");
  return out;
}

Result<Checklist> failure_checklist() {
  return parse_checklist(embedded::kFailureChecklistCsv);
}

}  // namespace bc
