// Diagnosis groups: primary ICD-10 codes grouped into clinically meaningful
// categories (pneumonia, COPD, hip fracture ...) for the top-diagnoses
// analysis and the diagnosis_group breakdown. The mapping is data:
// config/diagnosis_groups.toml, compiled in; the first group whose range
// holds a code wins, and a code in no group is "other".
//
// Thread safety: immutable once loaded.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace bc {

struct DiagnosisGroup {
  std::string id, name;
  std::vector<std::pair<std::string, std::string>> icd10;  // inclusive ranges
};

class DiagnosisGroups {
 public:
  static Result<DiagnosisGroups> parse(std::string_view toml_text, std::string_view source_name);
  static const DiagnosisGroups& builtin();

  // Index of the group of a normalised code; size() for "other".
  size_t group_of(std::string_view code) const;
  size_t size() const { return groups_.size(); }
  // The id of group i ("other" for size()).
  std::string_view id(size_t i) const {
    return i < groups_.size() ? std::string_view(groups_[i].id) : "other";
  }
  // The name of the group with this id ("Other" for "other"); the id itself
  // when there is no such group.
  std::string_view name_of(std::string_view id) const;
  std::string_view name(size_t i) const {
    return i < groups_.size() ? std::string_view(groups_[i].name) : "Other";
  }

 private:
  std::vector<DiagnosisGroup> groups_;
};

// True when the code's first len(lo) characters are >= lo and its first
// len(hi) characters are <= hi (the rule of every ICD-10 range in config).
bool icd10_in_range(std::string_view code, std::string_view lo, std::string_view hi);

}  // namespace bc
