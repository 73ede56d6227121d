// NhsNumberSequence: unique, valid NHS numbers for synthetic people.
//
// Numbers are handed out in order from the 999 test range (about 909,000
// valid numbers: one check digit per nine-digit stem, and 1 stem in 11 has
// none). A larger city continues from 900 000 000 upwards to 998 999 999,
// stems never issued to anyone in England, Wales, Scotland or Northern
// Ireland; beyond_test_range() then says so. Placeholders of ten identical
// digits are skipped.
//
// Thread safety: one sequence per thread.
#pragma once

#include <cstdint>

#include "core/nhs_number.h"

namespace bc::synth {

class NhsNumberSequence {
 public:
  NhsNumber next();
  bool beyond_test_range() const { return beyond_; }

 private:
  int64_t stem_ = 999'000'000;
  bool beyond_ = false;
};

}  // namespace bc::synth
