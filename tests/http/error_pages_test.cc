// Error pages for a signed-in person keep the layout (the navigation and
// sign-out) and say what to do next; the API's errors stay JSON and a
// person not signed in gets the plain page (nothing of the layout to show).
#include <gtest/gtest.h>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

class ErrorPages : public HttpTest {};

TEST_F(ErrorPages, KeepTheLayoutAndSayWhatToDoNext) {
  struct Case {
    std::string path, user;
    int status;
    std::string next;
  };
  const std::vector<Case> cases = {
      {"/metrics/no_such_metric?period=2017/18", "analyst", 404, "Check the address"},
      {"/metrics/nel_admissions?period=2017/19", "analyst", 400, "try again"},
      {"/admin", "board", 403, "ask an administrator"},
  };
  for (const Case& c : cases) {
    Reply r = get(c.path, &as(c.user));
    ASSERT_EQ(r.status, c.status) << c.path << ": " << r.describe();
    HtmlDoc doc(r.body);
    EXPECT_NE(doc.one("//nav[@aria-label='Sections']"), nullptr) << c.path;
    EXPECT_NE(doc.one("//form[@action='/logout']"), nullptr) << c.path;
    auto error = doc.one("//div[@class='error']");
    ASSERT_NE(error, nullptr) << c.path;
    EXPECT_EQ(HtmlDoc::attr(error, "data-status"), std::to_string(c.status));
    EXPECT_NE(HtmlDoc::text(error).find(c.next), std::string::npos) << HtmlDoc::text(error);
  }
  // The API's errors are JSON still.
  Reply api = get("/api/v1/metrics?period=2017/19", &as("analyst"));
  EXPECT_EQ(api.status, 400);
  EXPECT_TRUE(api.json().contains("error")) << api.body;
}

}  // namespace
}  // namespace bc::test
