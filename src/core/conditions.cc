#include "core/conditions.h"

#include <array>
#include <cctype>

namespace bc {
namespace {

constexpr std::array kConditions = {
    // The 36 eFI deficits (Clegg et al., Age and Ageing 2016).
    ConditionInfo{"activity_limitation", "Activity limitation", true},
    ConditionInfo{"anaemia", "Anaemia and haematinic deficiency", true},
    ConditionInfo{"arthritis", "Arthritis", true},
    ConditionInfo{"atrial_fibrillation", "Atrial fibrillation", true},
    ConditionInfo{"cerebrovascular_disease", "Cerebrovascular disease (stroke, TIA)", true},
    ConditionInfo{"chronic_kidney_disease", "Chronic kidney disease", true},
    ConditionInfo{"diabetes", "Diabetes", true},
    ConditionInfo{"dizziness", "Dizziness", true},
    ConditionInfo{"dyspnoea", "Dyspnoea", true},
    ConditionInfo{"falls", "Falls", true},
    ConditionInfo{"foot_problems", "Foot problems", true},
    ConditionInfo{"fragility_fracture", "Fragility fracture", true},
    ConditionInfo{"hearing_impairment", "Hearing impairment", true},
    ConditionInfo{"heart_failure", "Heart failure", true},
    ConditionInfo{"heart_valve_disease", "Heart valve disease", true},
    ConditionInfo{"housebound", "Housebound", true},
    ConditionInfo{"hypertension", "Hypertension", true},
    ConditionInfo{"hypotension_syncope", "Hypotension or syncope", true},
    ConditionInfo{"ischaemic_heart_disease", "Ischaemic heart disease", true},
    ConditionInfo{"memory_cognitive_problems", "Memory and cognitive problems", true},
    ConditionInfo{"mobility_transfer_problems", "Mobility and transfer problems", true},
    ConditionInfo{"osteoporosis", "Osteoporosis", true},
    ConditionInfo{"parkinsonism_tremor", "Parkinsonism and tremor", true},
    ConditionInfo{"peptic_ulcer", "Peptic ulcer", true},
    ConditionInfo{"peripheral_vascular_disease", "Peripheral vascular disease", true},
    ConditionInfo{"polypharmacy", "Polypharmacy (five or more medicines)", true},
    ConditionInfo{"requirement_for_care", "Requirement for care", true},
    ConditionInfo{"respiratory_disease", "Respiratory disease", true},
    ConditionInfo{"skin_ulcer", "Skin ulcer", true},
    ConditionInfo{"sleep_disturbance", "Sleep disturbance", true},
    ConditionInfo{"social_vulnerability", "Social vulnerability", true},
    ConditionInfo{"thyroid_disease", "Thyroid disease", true},
    ConditionInfo{"urinary_incontinence", "Urinary incontinence", true},
    ConditionInfo{"urinary_system_disease", "Urinary system disease", true},
    ConditionInfo{"visual_impairment", "Visual impairment", true},
    ConditionInfo{"weight_loss_anorexia", "Weight loss and anorexia", true},
    // Further long-term conditions (not eFI deficits).
    ConditionInfo{"asthma", "Asthma", false},
    ConditionInfo{"cancer", "Cancer (active or in the last five years)", false},
    ConditionInfo{"copd", "Chronic obstructive pulmonary disease", false},
    ConditionInfo{"dementia", "Dementia", false},
    ConditionInfo{"depression", "Depression", false},
    ConditionInfo{"epilepsy", "Epilepsy", false},
    ConditionInfo{"learning_disability", "Learning disability", false},
    ConditionInfo{"serious_mental_illness", "Serious mental illness", false},
    ConditionInfo{"chronic_liver_disease", "Chronic liver disease", false},
    ConditionInfo{"obesity", "Obesity (BMI 30 or more)", false},
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != static_cast<unsigned char>(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::span<const ConditionInfo> all_conditions() {
  return kConditions;
}

const ConditionInfo* find_condition(std::string_view code) {
  for (const auto& c : kConditions) {
    if (iequals(code, c.code)) return &c;
  }
  return nullptr;
}

}  // namespace bc
