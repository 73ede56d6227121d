#include "synth/nhs_numbers.h"

#include <stdexcept>

namespace bc::synth {

NhsNumber NhsNumberSequence::next() {
  for (;;) {
    if (stem_ > 999'999'999) {  // the test range is used up
      stem_ = 900'000'000;
      beyond_ = true;
    }
    if (beyond_ && stem_ >= 999'000'000)
      throw std::length_error("more synthetic people than NHS numbers");
    int64_t stem = stem_++;
    int check = NhsNumber::check_digit(stem);
    if (check < 0) continue;
    int64_t v = stem * 10 + check;
    if (v % 1'111'111'111 == 0) continue;
    return NhsNumber::from_value_unchecked(v);
  }
}

}  // namespace bc::synth
