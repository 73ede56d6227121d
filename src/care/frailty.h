// Frailty: the electronic Frailty Index (eFI) and the Hospital Frailty Risk
// Score (HFRS), each as at a date.
//
// eFI (Clegg et al., Age and Ageing 2016): the 36 deficits of the condition
// list (core/conditions.h) recorded on or before the date, each counted
// once; score = deficits / 36. The category is read from the whole count,
// so the published cut-offs 0.12, 0.24 and 0.36 are exact: fit 0-4
// deficits, mild 5-8, moderate 9-12, severe 13 or more.
//
// HFRS (Gilbert et al., Lancet 2018): for people aged 75 or over on the
// date, the sum of the weights (config/reference/hfrs.csv) of the 109
// ICD-10 three-character categories found among the primary and secondary
// diagnoses of the hospital spells admitted from the same date two years
// earlier up to and including the date, each category once however often it
// occurs. Weights are held in integer tenths so that the bands' boundaries
// are exact: low below 5, intermediate 5 to 15 inclusive, high above 15.
//
// Thread safety: immutable tables and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/date.h"

namespace bc {

enum class EfiCategory : uint8_t { kFit, kMild, kModerate, kSevere };
// From the number of deficits (0..36).
EfiCategory efi_category(int deficits);
// "fit", "mild", "moderate", "severe".
std::string_view efi_category_name(EfiCategory c);
// deficits / 36.
double efi_score(int deficits);

enum class HfrsBand : uint8_t { kLow, kIntermediate, kHigh };
// From a score in tenths: low < 50, intermediate 50..150, high > 150.
HfrsBand hfrs_band(int tenths);
// "low", "intermediate", "high".
std::string_view hfrs_band_name(HfrsBand b);
// The HFRS applies from this age (whole years on the date).
inline constexpr int kHfrsMinAge = 75;

// The 109 categories and their weights, compiled into the binary from
// config/reference/hfrs.csv.
class HfrsTable {
 public:
  static const HfrsTable& builtin();

  struct Category {
    char code[4];  // "F00"
    int tenths;    // 71 for 7.1
  };
  std::span<const Category> categories() const { return categories_; }
  // The position of an ICD-10 code's three-character category ("F00",
  // "F00.1", "F001", "f00"), or -1 when it carries no weight.
  int find(std::string_view icd10) const;

 private:
  HfrsTable();
  std::span<const Category> categories_;
};

// What frailty options a caller may set.
struct FrailtyOptions {
  // Count only emergency spells (HES ADMIMETH 21-28) towards the HFRS.
  // Default: every spell, as Gilbert et al. derived it from all admissions.
  bool hfrs_emergency_only = false;
};

// The first day of the HFRS's look-back for a date: the same day two
// years earlier (29 February falls back to 28 February; core/date.h
// add_months).
Date hfrs_window_start(Date at);

}  // namespace bc
