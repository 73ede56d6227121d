#include "core/hes_codes.h"

#include <gtest/gtest.h>

namespace bc {
namespace {

using G = AdmissionMethodGroup;

TEST(AdmissionMethod, EveryListedCode) {
  struct Case {
    const char* code;
    G group;
  };
  for (const Case& c :
       {Case{"11", G::kElective},      Case{"12", G::kElective},  Case{"13", G::kElective},
        Case{"21", G::kEmergency},     Case{"22", G::kEmergency}, Case{"23", G::kEmergency},
        Case{"24", G::kEmergency},     Case{"25", G::kEmergency}, Case{"2A", G::kEmergency},
        Case{"2B", G::kEmergency},     Case{"2C", G::kEmergency}, Case{"2D", G::kEmergency},
        Case{"28", G::kEmergency},     Case{"31", G::kMaternity}, Case{"32", G::kMaternity},
        Case{"81", G::kOther},         Case{"82", G::kOther},     Case{"83", G::kOther},
        Case{"98", G::kNotApplicable}, Case{"99", G::kNotKnown}}) {
    EXPECT_EQ(admission_method_group(c.code), c.group) << c.code;
  }
}

TEST(AdmissionMethod, LetterCodesAreCaseInsensitive) {
  EXPECT_EQ(admission_method_group("2a"), G::kEmergency);
  EXPECT_EQ(admission_method_group("2d"), G::kEmergency);
}

TEST(AdmissionMethod, EverythingElseIsInvalid) {
  for (const char* bad : {"10", "14", "20", "26", "27", "29", "2E",  "2e",  "30",  "33", "80",
                          "84", "97", "00", "1",  "2",  "",   "211", " 21", "21 ", "A2", "--"}) {
    EXPECT_EQ(admission_method_group(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(AdmissionMethod, ExactlyTwentyValidTwoCharacterCodes) {
  // Sweep every digit/letter pair: catches an accidental extra entry.
  int valid = 0;
  const std::string chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (char a : chars) {
    for (char b : chars) {
      if (admission_method_group(std::string{a, b})) ++valid;
    }
  }
  EXPECT_EQ(valid, 20);
}

TEST(DischargeDestination, EveryListedCode) {
  for (const char* code : {"19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53",
                           "54", "65", "66", "79", "84", "85", "87", "88", "98", "99"}) {
    EXPECT_TRUE(is_valid_discharge_destination(code)) << code;
  }
}

TEST(DischargeDestination, NeighboursAreInvalid) {
  for (const char* bad :
       {"18", "20", "28", "31", "36", "39", "47", "55", "64",  "67",  "78",  "80",
        "83", "86", "89", "97", "00", "9",  "1",  "",   "019", " 19", "19 ", "XX"}) {
    EXPECT_FALSE(is_valid_discharge_destination(bad)) << "'" << bad << "'";
  }
}

TEST(DischargeDestination, ExactlyTwentyOneValidCodes) {
  int valid = 0;
  for (int i = 0; i <= 99; ++i) {
    const std::string code = {static_cast<char>('0' + i / 10), static_cast<char>('0' + i % 10)};
    if (is_valid_discharge_destination(code)) ++valid;
  }
  EXPECT_EQ(valid, 21);
}

TEST(DepartmentType, TwoDigitAndBareForms) {
  for (const char* code : {"01", "02", "03", "04", "1", "2", "3", "4"}) {
    EXPECT_TRUE(is_valid_department_type(code)) << code;
  }
  for (const char* bad :
       {"00", "05", "0", "5", "", "001", "004", "1 ", " 1", "10", "14", "0A", "A", "-1", "99"}) {
    EXPECT_FALSE(is_valid_department_type(bad)) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace bc
