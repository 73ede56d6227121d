#include "cli/metrics_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "present/number_format.h"
#include "report/metric_text.h"

namespace bc::cli {
namespace {

// The notes after a line: why there is no value, what is missing, the
// provisional outcomes, the interval, the population.
std::string row_notes(const MetricRow& r) {
  std::vector<std::string> notes;
  if (!r.note.empty() && !r.suppressed) notes.push_back(r.note);
  for (const std::string& n : {report::missing_phrase(r), report::provisional_phrase(r),
                               report::interval_phrase(r), report::population_phrase(r)}) {
    if (!n.empty()) notes.push_back(n);
  }
  if (r.local_monitoring) notes.push_back("local monitoring, not the national figure");
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
  return out;
}

}  // namespace

size_t metrics_table_width(const std::vector<MetricRow>& rows) {
  size_t width = 30;  // the longest metric id, and a space
  for (const auto& r : rows) width = std::max(width, r.metric.size() + 1);
  return width;
}

std::string metrics_table_header(const std::vector<std::string>& dims, size_t width) {
  std::string header = fmt::format("{:<{}}", "metric", width);
  for (const auto& d : dims) header += fmt::format("{:<16}", d);
  header += fmt::format("{:>12}{:>12}{:>10}  {:<6}{:>12}{:>10}  {:<6}", "value", "plan", "variance",
                        "RAG", "last year", "change", "");
  return header;
}

std::string metrics_table_line(const MetricRow& r, size_t width) {
  std::string line = fmt::format("{:<{}}", r.metric, width);
  for (const auto& [dim, v] : r.group) line += fmt::format("{:<16}", v.value_or("(unlinked)"));
  line += fmt::format(
      "{:>12}{:>12}{:>10}  {:<6}{:>12}{:>10}  {:<6}",
      present::format_metric_value(r.value, r.unit, r.suppressed), present::format_plan(r),
      present::format_signed_percent(r.variance_pct), r.rag ? rag_name(*r.rag) : "-",
      present::format_metric_value(r.previous_value, r.unit, r.previous_suppressed),
      present::format_change(r), r.comparison ? comparison_name(*r.comparison) : "");
  if (std::string notes = row_notes(r); !notes.empty()) line += "  (" + notes + ")";
  return line;
}

}  // namespace bc::cli
