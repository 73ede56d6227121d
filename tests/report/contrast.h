// WCAG contrast of a colour against white, for the chart tests (one
// definition: the test binaries are unity builds, tests/CMakeLists.txt).
#pragma once

#include <cmath>
#include <string>

namespace bc::report::contrast {

// "#RRGGBB" against white: (L1 + 0.05) / (L2 + 0.05) with WCAG's relative
// luminance; 21 for black, 1 for white.
inline double contrast_on_white(const std::string& hex) {
  auto channel = [&](size_t at) {
    const double c = std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  return 1.05 / (0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5) + 0.05);
}

}  // namespace bc::report::contrast
