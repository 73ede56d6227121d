#include "care/frailty.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/conditions.h"

namespace bc::embedded {
extern const std::string_view kHfrsCsv;  // config/reference/hfrs.csv
}

namespace bc {
namespace {

[[noreturn]] void malformed(std::string_view why) {
  fmt::print(stderr, "bettercare: config/reference/hfrs.csv {}\n", why);
  std::abort();  // a build with a broken reference table must never ship; tests catch it
}

// Reads "code,weight" rows; the weight has at most one decimal and is
// kept in tenths ("7.1" -> 71, "4" -> 40).
std::vector<HfrsTable::Category> load_hfrs() {
  std::vector<HfrsTable::Category> out;
  std::string_view text = embedded::kHfrsCsv;
  bool header = true;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {
      if (line != "code,weight") malformed("does not start with the header code,weight");
      header = false;
      continue;
    }
    const size_t comma = line.find(',');
    if (comma != 3) malformed(fmt::format("has a bad code at '{}'", line));
    std::string_view whole = line.substr(comma + 1), tenth = "0";
    if (size_t dot = whole.find('.'); dot != std::string_view::npos) {
      tenth = whole.substr(dot + 1);
      whole = whole.substr(0, dot);
    }
    int w = 0, t = 0;
    auto a = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    auto b = std::from_chars(tenth.data(), tenth.data() + tenth.size(), t);
    if (a.ec != std::errc() || a.ptr != whole.data() + whole.size() || b.ec != std::errc() ||
        b.ptr != tenth.data() + tenth.size() || tenth.size() != 1 || w < 0) {
      malformed(fmt::format("has a weight that is not a number with one decimal at '{}'", line));
    }
    HfrsTable::Category c{};
    for (size_t i = 0; i < 3; ++i) c.code[i] = line[i];
    c.tenths = w * 10 + t;
    out.push_back(c);
  }
  if (out.size() != 109) malformed(fmt::format("has {} categories, not 109", out.size()));
  return out;
}

}  // namespace

EfiCategory efi_category(int deficits) {
  if (deficits <= 4) return EfiCategory::kFit;
  if (deficits <= 8) return EfiCategory::kMild;
  if (deficits <= 12) return EfiCategory::kModerate;
  return EfiCategory::kSevere;
}

std::string_view efi_category_name(EfiCategory c) {
  static constexpr std::array<std::string_view, 4> kNames = {"fit", "mild", "moderate", "severe"};
  return kNames[static_cast<size_t>(c)];
}

double efi_score(int deficits) {
  return static_cast<double>(deficits) / kEfiDeficitCount;
}

HfrsBand hfrs_band(int tenths) {
  if (tenths < 50) return HfrsBand::kLow;
  if (tenths <= 150) return HfrsBand::kIntermediate;
  return HfrsBand::kHigh;
}

std::string_view hfrs_band_name(HfrsBand b) {
  static constexpr std::array<std::string_view, 3> kNames = {"low", "intermediate", "high"};
  return kNames[static_cast<size_t>(b)];
}

const HfrsTable& HfrsTable::builtin() {
  static const HfrsTable kTable;
  return kTable;
}

HfrsTable::HfrsTable() {
  static const std::vector<Category> kCategories = load_hfrs();
  categories_ = kCategories;
}

int HfrsTable::find(std::string_view icd10) const {
  if (icd10.size() < 3) return -1;
  char key[3];
  for (size_t i = 0; i < 3; ++i)
    key[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(icd10[i])));
  for (size_t i = 0; i < categories_.size(); ++i) {
    const Category& c = categories_[i];
    if (c.code[0] == key[0] && c.code[1] == key[1] && c.code[2] == key[2])
      return static_cast<int>(i);
  }
  return -1;
}

Date hfrs_window_start(Date at) {
  return add_months(at, -24);
}

}  // namespace bc
