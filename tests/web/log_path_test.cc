// The access and error logs' path (web/server.h): never an NHS number.
#include <gtest/gtest.h>

#include "web/server.h"

namespace bc::web {
namespace {

TEST(PathForLog, NoNhsNumberWhicheverRouteMatched) {
  EXPECT_EQ(path_for_log("/api/v1/persons/9990000077"), "/api/v1/persons/:id");
  EXPECT_EQ(path_for_log("/api/v1/persons/P0123456789abcdef"), "/api/v1/persons/:id");
  EXPECT_EQ(path_for_log("/api/v1//persons/9990000077"), "/api/v1//persons/:n");
  EXPECT_EQ(path_for_log("/API/v1/persons/9990000077"), "/API/v1/persons/:n");
  EXPECT_EQ(path_for_log("/x/999 000 0077"), "/x/:n");
  EXPECT_EQ(path_for_log("/x/999-000-0077/y"), "/x/:n/y");
  EXPECT_EQ(path_for_log("/x/99900000771234"), "/x/:n");  // longer runs too
  EXPECT_EQ(path_for_log("/a9990000077b"), "/a:nb");
}

TEST(PathForLog, OtherPathsAreKept) {
  EXPECT_EQ(path_for_log("/"), "/");
  EXPECT_EQ(path_for_log("/metrics/nel_admissions"), "/metrics/nel_admissions");
  EXPECT_EQ(path_for_log("/api/v1/schemes/CAR/reports/2017-18-Q4/v/2"),
            "/api/v1/schemes/CAR/reports/2017-18-Q4/v/2");
  EXPECT_EQ(path_for_log("/x/2017-09-07"), "/x/2017-09-07");  // 8 digits: a date
  EXPECT_EQ(path_for_log("/x/123456789"), "/x/123456789");    // 9 digits
  EXPECT_EQ(path_for_log("/x/999 000 007-"), "/x/999 000 007-");
}

}  // namespace
}  // namespace bc::web
