#include "engine/metric_row.h"

#include <algorithm>

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

}  // namespace bc
