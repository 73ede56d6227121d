#include "engine/metric_row.h"

#include <algorithm>
#include <set>

#include "core/period.h"

namespace bc {

std::string_view rag_name(Rag rag) {
  switch (rag) {
    case Rag::kGreen:
      return "Green";
    case Rag::kAmber:
      return "Amber";
    case Rag::kRed:
      return "Red";
  }
  return "Red";
}

std::string_view comparison_name(Comparison comparison) {
  switch (comparison) {
    case Comparison::kBetter:
      return "Better";
    case Comparison::kFlat:
      return "Flat";
    case Comparison::kWorse:
      return "Worse";
  }
  return "Flat";
}

const GroupValue* MetricRow::on(DimId dim) const {
  auto it =
      std::find_if(group.begin(), group.end(), [&](const GroupValue& g) { return g.dim == dim; });
  return it == group.end() ? nullptr : &*it;
}

bool MetricRow::only_time() const {
  return std::all_of(group.begin(), group.end(), [](const GroupValue& g) { return g.is_time(); });
}

bool MetricRow::no_data_loaded() const {
  if (complete || missing.empty()) return false;
  auto p = Period::parse(period);
  if (!p.ok()) return false;
  // "2018-03 spells": the month, then the source.
  std::set<std::string> months;
  for (const std::string& m : missing) months.insert(m.substr(0, m.find(' ')));
  for (const YearMonth& m : p->months()) {
    if (!months.count(m.iso())) return false;
  }
  return true;
}

}  // namespace bc
