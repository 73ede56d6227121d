// present/labels.h: every hospital code the importers accept has a
// meaning, and nothing else has one; risk-share rules in words.
#include <gtest/gtest.h>

#include <string>

#include "core/hes_codes.h"
#include "present/labels.h"

namespace bc::present {
namespace {

// Every two-character code of digits and capital letters.
template <typename F>
void for_each_code(F f) {
  const std::string chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (char a : chars) {
    for (char b : chars) f(std::string{a, b});
  }
}

TEST(HospitalLabels, EveryAcceptedCodeHasAMeaningAndNoOtherHasOne) {
  int methods = 0, destinations = 0;
  for_each_code([&](const std::string& code) {
    const bool method = admission_method_group(code).has_value();
    EXPECT_EQ(!admission_method_label(code).empty(), method) << "ADMIMETH " << code;
    methods += method;
    const bool destination = is_valid_discharge_destination(code);
    EXPECT_EQ(!discharge_destination_label(code).empty(), destination) << "DISDEST " << code;
    destinations += destination;
  });
  EXPECT_EQ(methods, 20);
  EXPECT_EQ(destinations, 21);
  EXPECT_EQ(admission_method_label("21"), "emergency: via A&E");
  EXPECT_EQ(admission_method_label("2a"), "emergency: via another provider's A&E");
  EXPECT_EQ(discharge_destination_label("19"), "usual place of residence");
  EXPECT_EQ(discharge_destination_label("79"), "died");
  for (std::string_view t : kDepartmentTypes) EXPECT_FALSE(department_type_label(t).empty()) << t;
  EXPECT_EQ(department_type_label("4"), "walk-in centre");
  EXPECT_EQ(department_type_label("05"), "");
}

TEST(HospitalLabels, WithMeaningKeepsTheCode) {
  EXPECT_EQ(with_meaning("21", admission_method_label("21")), "21 (emergency: via A&E)");
  EXPECT_EQ(with_meaning("X9", admission_method_label("X9")), "X9");
}

TEST(RiskShareWords, OwnAndSharedInWordsAnythingElseAsItIs) {
  EXPECT_EQ(risk_share_words("own"), "each partner bears its own variance");
  EXPECT_EQ(risk_share_words("shared:CCG=50;SCC=50"), "variance shared: CCG 50%, SCC 50%");
  EXPECT_EQ(risk_share_words("shared:CCG=60;SCC=30;WCC=10"),
            "variance shared: CCG 60%, SCC 30%, WCC 10%");
  EXPECT_EQ(risk_share_words("shared:CCG"), "shared:CCG");
  EXPECT_EQ(risk_share_words("shared:=5"), "shared:=5");
  EXPECT_EQ(risk_share_words("halves"), "halves");
}

}  // namespace
}  // namespace bc::present
