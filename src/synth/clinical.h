// Clinical tables of the synthetic city: diagnosis mixes per age band and
// kind of admission, with tariff-like costs and lengths of stay, and the
// ICD-10 codes that long-term conditions add as secondary diagnoses.
//
// Realistic in shape (the seed's top diagnoses: viral infection and
// bronchitis for children; chest and abdominal pain for working age;
// pneumonia, COPD, UTI, sepsis and hip fracture after a fall for older
// people), not a clinical reference.
#pragma once

#include <span>
#include <string_view>

namespace bc::synth {

struct Diagnosis {
  std::string_view icd10;  // dotted, as extracts write it
  double weight;           // relative frequency within its table
  int cost_pounds;         // typical cost of a spell
  double stay_days;        // mean length of stay when not a same-day discharge
};

enum class SpellMix {
  kEmergency0To17,
  kEmergency18To64,
  kEmergency65Plus,
  kFallInjury,
  kElective,
  kMaternity
};

std::span<const Diagnosis> diagnoses(SpellMix mix);

// External causes written in a secondary position after a fall injury.
std::span<const std::string_view> fall_causes();

// The ICD-10 code a condition (conditions.csv code) adds to secondary
// diagnoses, or "" when it adds none.
std::string_view condition_icd10(std::string_view condition);

}  // namespace bc::synth
