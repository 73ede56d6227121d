#include "synth/clinical.h"

#include <array>
#include <utility>

namespace bc::synth {
namespace {

constexpr Diagnosis kChildren[] = {
    {"B34.9", 14, 850, 1.5}, {"J20.9", 8, 950, 2.0},  {"J21.9", 8, 1300, 2.5},
    {"J06.9", 10, 700, 1.2}, {"R50.9", 6, 750, 1.3},  {"A09.9", 8, 800, 1.5},
    {"R10.4", 7, 700, 1.5},  {"S06.0", 4, 1100, 1.5}, {"J45.9", 5, 900, 1.5},
    {"N39.0", 4, 1000, 2.0}, {"L03.1", 3, 1200, 2.5}, {"K35.8", 5, 2600, 3.0},
    {"R56.0", 3, 900, 1.2},  {"T78.4", 2, 650, 1.0},  {"S52.5", 3, 1400, 1.5},
    {"E10.1", 1, 2400, 3.0},
};
constexpr Diagnosis kAdults[] = {
    {"R07.4", 12, 650, 1.5}, {"R10.4", 12, 900, 2.0}, {"R07.3", 5, 600, 1.3},
    {"K35.8", 3, 2900, 3.0}, {"N39.0", 3, 1600, 3.0}, {"L03.1", 4, 1700, 4.0},
    {"J18.9", 4, 2600, 5.0}, {"F10.0", 3, 800, 1.5},  {"T42.4", 3, 900, 1.5},
    {"O26.8", 4, 700, 1.5},  {"K80.2", 3, 2200, 3.0}, {"R55", 3, 1200, 2.0},
    {"I21.4", 2, 3800, 4.0}, {"J45.9", 2, 1100, 2.0}, {"R51", 3, 750, 1.5},
    {"S52.5", 1, 1900, 2.0}, {"S82.6", 1, 3200, 3.5}, {"M54.5", 3, 1300, 3.0},
    {"A09.9", 2, 1100, 2.5}, {"J44.1", 2, 2400, 4.5}, {"G40.9", 1, 1500, 2.0},
};
// No injury in this table comes with a fall code: fall injuries are their
// own table. "R55 after a fall" (syncope, W19 secondary) is kept on purpose:
// a W-code with a non-injury primary is not a falls injury.
constexpr Diagnosis kOlder[] = {
    {"J18.9", 12, 3200, 8.0}, {"J44.1", 6, 2500, 6.0}, {"J44.0", 2, 2700, 6.5},
    {"N39.0", 8, 2200, 6.0},  {"A41.9", 5, 4500, 9.0}, {"R07.4", 6, 650, 1.5},
    {"R55", 5, 1400, 3.0},    {"I50.0", 5, 3300, 8.0}, {"I63.9", 3, 5500, 12.0},
    {"R10.4", 4, 900, 3.0},   {"L03.1", 3, 1900, 6.0}, {"F05.9", 2, 3500, 10.0},
    {"E87.1", 2, 2600, 6.0},  {"I48.9", 3, 1500, 3.0}, {"K92.2", 2, 2800, 5.0},
    {"R29.6", 2, 2400, 7.0},  {"J22", 3, 2300, 6.0},   {"N17.9", 3, 3000, 7.0},
    {"I21.4", 2, 4000, 6.0},  {"T81.4", 1, 2900, 7.0},
};
constexpr Diagnosis kFalls[] = {
    {"S72.0", 30, 7500, 16.0}, {"S72.1", 10, 7800, 17.0}, {"S42.2", 8, 3100, 6.0},
    {"S52.5", 10, 2400, 3.0},  {"S06.0", 8, 2600, 4.0},   {"S32.0", 5, 3900, 9.0},
    {"S22.4", 6, 3000, 7.0},   {"S82.6", 4, 4200, 9.0},   {"S00.9", 10, 1500, 2.0},
    {"S01.0", 5, 1300, 1.5},   {"T14.9", 4, 1800, 3.0},
};
constexpr Diagnosis kElective[] = {
    {"H25.9", 10, 900, 0.0}, {"M17.1", 5, 6200, 3.5}, {"M16.1", 4, 6500, 3.5},
    {"K57.3", 5, 700, 0.0},  {"K40.9", 5, 1900, 1.0}, {"Z51.1", 8, 400, 0.0},
    {"N20.0", 2, 2100, 1.5}, {"C50.9", 2, 4300, 2.0}, {"D12.6", 5, 650, 0.0},
    {"K21.9", 5, 600, 0.0},  {"M23.2", 3, 1900, 0.0}, {"Z51.0", 3, 300, 0.0},
};
constexpr Diagnosis kMaternity[] = {
    {"O80.0", 60, 1800, 1.5},
    {"O82.0", 25, 3900, 3.0},
    {"O70.1", 15, 2200, 2.0},
};

constexpr std::string_view kFallCauses[] = {"W19", "W19", "W19", "W19", "W19", "W01",
                                            "W01", "W10", "W06", "W18", "W05"};

constexpr std::pair<std::string_view, std::string_view> kConditionCodes[] = {
    {"hypertension", "I10"},
    {"diabetes", "E11.9"},
    {"copd", "J44.9"},
    {"dementia", "F03"},
    {"heart_failure", "I50.9"},
    {"atrial_fibrillation", "I48.9"},
    {"chronic_kidney_disease", "N18.3"},
    {"ischaemic_heart_disease", "I25.9"},
    {"asthma", "J45.9"},
    {"depression", "F32.9"},
    {"cancer", "C80.9"},
    {"osteoporosis", "M81.9"},
    {"parkinsonism_tremor", "G20"},
    {"obesity", "E66.9"},
    {"cerebrovascular_disease", "I69.4"},
    {"learning_disability", "F79"},
    {"epilepsy", "G40.9"},
    {"thyroid_disease", "E03.9"},
    {"anaemia", "D64.9"},
    {"urinary_incontinence", "R32"},
    {"serious_mental_illness", "F20.9"},
    {"chronic_liver_disease", "K74.6"},
    {"peripheral_vascular_disease", "I73.9"},
    {"social_vulnerability", "Z60.2"},
};

}  // namespace

std::span<const Diagnosis> diagnoses(SpellMix mix) {
  switch (mix) {
    case SpellMix::kEmergency0To17:
      return kChildren;
    case SpellMix::kEmergency18To64:
      return kAdults;
    case SpellMix::kEmergency65Plus:
      return kOlder;
    case SpellMix::kFallInjury:
      return kFalls;
    case SpellMix::kElective:
      return kElective;
    case SpellMix::kMaternity:
      return kMaternity;
  }
  return kAdults;
}

std::span<const std::string_view> fall_causes() {
  return kFallCauses;
}

std::string_view condition_icd10(std::string_view condition) {
  for (const auto& [c, icd] : kConditionCodes) {
    if (c == condition) return icd;
  }
  return {};
}

}  // namespace bc::synth
