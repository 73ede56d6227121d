#include "present/json_csv.h"

#include "present/csv.h"

namespace bc::present {
namespace {

std::string field(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) {
      if (!out.empty()) out.append("; ");
      out.append(field(x));
    }
    return out;
  }
  return v.dump();
}

}  // namespace

std::string json_row_csv(const nlohmann::json& row, const std::vector<std::string>& columns) {
  std::vector<std::string> fields;
  fields.reserve(columns.size());
  for (const auto& c : columns) fields.push_back(row.contains(c) ? field(row[c]) : "");
  return csv_line(fields);
}

std::string json_rows_csv(const nlohmann::json& rows, const std::vector<std::string>& columns) {
  std::string out = csv_line(columns);
  for (const auto& r : rows) out += json_row_csv(r, columns);
  return out;
}

}  // namespace bc::present
