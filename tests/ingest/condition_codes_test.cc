// config/reference/condition_codes.csv, the map from ICD-10 and SNOMED CT
// codes to the condition list that FHIR Conditions are read through
// (ingest/fhir.h): every row names a condition bettercare knows, a system
// it reads and a code of that system's shape, and no code maps to two
// conditions.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "core/conditions.h"
#include "core/csv_reader.h"
#include "core/icd10.h"

namespace bc {
namespace {

TEST(ConditionCodes, EveryRowNamesAKnownConditionAndAWellFormedCode) {
  auto reader =
      CsvReader::open_file(std::string(BC_SOURCE_DIR) + "/config/reference/condition_codes.csv");
  ASSERT_TRUE(reader.ok()) << reader.error();
  CsvRecord rec;
  ASSERT_TRUE((*reader)->next(&rec));
  ASSERT_EQ(rec.size(), 4u);
  EXPECT_EQ(rec.fields[0], "condition");
  std::map<std::string, std::string> snomed;
  std::set<std::string> covered;
  int rows = 0;
  while ((*reader)->next(&rec)) {
    ++rows;
    ASSERT_EQ(rec.size(), 4u) << "line " << rec.line;
    const std::string condition(rec.fields[0]), system(rec.fields[1]), code(rec.fields[2]);
    EXPECT_NE(find_condition(condition), nullptr) << "line " << rec.line << ": " << condition;
    covered.insert(condition);
    EXPECT_FALSE(rec.fields[3].empty()) << "line " << rec.line << ": say what the code means";
    if (system == "snomed") {
      EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos) << code;
      EXPECT_TRUE(code.size() >= 6 && code.size() <= 18) << code;
      auto [it, fresh] = snomed.emplace(code, condition);
      EXPECT_TRUE(fresh) << code << " maps to " << it->second << " and " << condition;
    } else {
      ASSERT_EQ(system, "icd10") << "line " << rec.line;
      size_t dash = code.find('-');
      std::string lo = code.substr(0, dash),
                  hi = dash == std::string::npos ? lo : code.substr(dash + 1);
      EXPECT_TRUE(Icd10::parse(lo).ok()) << code;
      EXPECT_TRUE(Icd10::parse(hi).ok()) << code;
      EXPECT_LE(lo, hi) << code;
    }
  }
  EXPECT_EQ((*reader)->error(), nullptr);
  EXPECT_GT(rows, 100);
  // The long-term conditions the risk model and registers use are all
  // reachable from coded records.
  for (const char* c : {"heart_failure", "diabetes", "copd", "dementia", "atrial_fibrillation",
                        "chronic_kidney_disease", "cancer"}) {
    EXPECT_TRUE(covered.count(c)) << c;
  }
}

}  // namespace
}  // namespace bc
