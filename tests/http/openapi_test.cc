// The OpenAPI document (/api/v1/openapi.json) against docs/api.md and the
// running server: it parses, says OpenAPI 3.0.3, and has a path and method
// for every route of docs/api.md's table, each of which the server answers
// (something other than "no such route").
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

// "/api/v1/schemes/{code}/reports/{2017-18}/{Q4}?version=" ->
// "/api/v1/schemes/{}/reports/{}/{}": parameters' names do not matter.
std::string shape(std::string path) {
  path = path.substr(0, path.find('?'));
  static const std::regex kParam(R"(\{[^}]*\})");
  return std::regex_replace(path, kParam, "{}");
}

// (method, path) of every row of docs/api.md's route table.
std::vector<std::pair<std::string, std::string>> documented_routes() {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream doc(read_file(fs::path(BC_SOURCE_DIR) / "docs/api.md"));
  static const std::regex kRow(R"(^\| `(GET|POST) ([^`]+)` \|)");
  for (std::string line; std::getline(doc, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kRow)) out.emplace_back(m[1].str(), m[2].str());
  }
  return out;
}

// A concrete path of a documented one, for asking the server.
std::string concrete(const std::string& path) {
  std::string p = path.substr(0, path.find('?'));
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{code}", "CLU"}, {"{2017-18}", "2017-18"}, {"{Q4}", "Q4"}, {"{id}", "9990000018"}}) {
    size_t at = p.find(from);
    if (at != std::string::npos) p.replace(at, from.size(), to);
  }
  return p;
}

class OpenApi : public HttpTest {};

TEST_F(OpenApi, DescribesEveryDocumentedRoute) {
  Reply r = get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u);
  nlohmann::json doc = r.json();
  ASSERT_FALSE(doc.is_discarded()) << "not JSON";
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["info"]["title"].is_string());
  ASSERT_TRUE(doc["paths"].is_object());
  std::map<std::string, std::set<std::string>> described;  // shape -> methods
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      described[shape(path)].insert(m);
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
  auto routes = documented_routes();
  ASSERT_GE(routes.size(), 19u) << "docs/api.md's route table was not read";
  for (const auto& [method, path] : routes) {
    EXPECT_EQ(described[shape(path)].count(method), 1u)
        << method << " " << path << " is in docs/api.md but not in the OpenAPI document";
  }
  // And the other way: nothing described that docs/api.md does not list.
  std::set<std::string> documented;
  for (const auto& [method, path] : routes) documented.insert(method + " " + shape(path));
  for (const auto& [path, methods] : described) {
    for (const auto& m : methods)
      EXPECT_EQ(documented.count(m + " " + path), 1u) << m << " " << path << " is undocumented";
  }
}

TEST_F(OpenApi, TheServerAnswersEveryDocumentedRoute) {
  // POSTs with a session of their own: one of them signs it out.
  Session fresh;
  ASSERT_EQ(sign_in_api("admin", password_of("admin"), &fresh).status, 200);
  for (const auto& [method, path] : documented_routes()) {
    const std::string p = concrete(path);
    Reply r = method == "GET" ? get(p, &as("admin")) : post(p, &fresh, "{}");
    // Any answer but "no such page or API route": the route exists (its
    // handler may refuse the admin or the empty body).
    EXPECT_FALSE(r.status == 404 && r.json().value("/error/message"_json_pointer, std::string()) ==
                                        "there is no such page or API route")
        << method << " " << p << ": " << r.describe();
    EXPECT_NE(r.status, 405) << method << " " << p;
    EXPECT_NE(r.status, 0) << method << " " << p;
  }
  // The check above can tell a missing route.
  Reply missing = get("/api/v1/no-such-route", &as("admin"));
  EXPECT_EQ(missing.json().value("/error/message"_json_pointer, std::string()),
            "there is no such page or API route");
}

TEST_F(OpenApi, EveryOperationHasItsOwnOperationId) {
  nlohmann::json doc = get("/api/v1/openapi.json").json();
  std::set<std::string> ids;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      ASSERT_TRUE(op.contains("operationId") && op["operationId"].is_string())
          << method << " " << path;
      EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
          << op["operationId"] << " is used twice";
    }
  }
  EXPECT_GE(ids.size(), 30u);
}

TEST_F(OpenApi, MetricRowsHaveExactlyTheDescribedFields) {
  nlohmann::json doc = get("/api/v1/openapi.json").json();
  const nlohmann::json& schema = doc["components"]["schemas"]["MetricRow"];
  ASSERT_TRUE(schema["properties"].is_object());
  // Every metric, suppressed and not, so every kind's fields appear.
  for (const char* user : {"analyst", "board"}) {
    Reply r = get("/api/v1/metrics?period=2017/18", &as(user));
    ASSERT_EQ(r.status, 200) << r.describe();
    nlohmann::json rows = r.json();
    ASSERT_TRUE(rows.is_array() && !rows.empty()) << r.body;
    std::set<std::string> seen;
    int nulls = 0;  // values checked that were null
    for (const auto& row : rows) {
      for (const auto& [key, value] : row.items()) {
        seen.insert(key);
        EXPECT_TRUE(schema["properties"].contains(key))
            << key << " is in the API's metric rows but not in the OpenAPI document";
        // And the value is one the document allows (null only where nullable).
        if (value.is_null()) ++nulls;
        if (schema["properties"].contains(key)) {
          EXPECT_EQ(schema_problem(doc, schema["properties"][key], value, "/" + key), "")
              << user << ": " << key << " = " << value.dump() << " is not allowed by "
              << schema["properties"][key].dump();
        }
      }
      for (const auto& key : schema["required"])
        EXPECT_TRUE(row.contains(key.get<std::string>())) << key << " missing in " << row.dump();
    }
    // Nulls were among them, so nullability was checked.
    EXPECT_GT(nulls, 0) << user;
    // The kinds' own fields did appear (the check above could tell them).
    if (std::string(user) == "analyst") {
      for (const char* key : {"change_pp", "complete", "missing", "population", "cohort",
                              "provisional", "ci_lower", "days"})
        EXPECT_EQ(seen.count(key), 1u) << user << ": no row had " << key;
    }
  }
}

// The contract check (api_contract.h) that every HTTP test applies to every
// API reply can fail: it refuses each way a reply can differ from the
// document.
TEST(ApiContract, RefusesWhatTheDocumentDoesNotSay) {
  const std::string json = "application/json; charset=utf-8";
  const std::string good = R"({"user":"a","role":"analyst","cluster":null,"schemes":[],"csrf":"x",)"
                           R"("expires_at":"2026-11-30T00:00:00Z"})";
  EXPECT_EQ(contract_problem("GET", "/api/v1/session", 200, json, good), "");
  nlohmann::json v = nlohmann::json::parse(good);
  auto with = [&](const std::string& key, const nlohmann::json& value) {
    nlohmann::json w = v;
    if (value.is_discarded())
      w.erase(key);
    else
      w[key] = value;
    return contract_problem("GET", "/api/v1/session", 200, json, w.dump());
  };
  EXPECT_NE(with("role", nlohmann::json(nlohmann::json::value_t::discarded)).find("no role"),
            std::string::npos);
  EXPECT_NE(with("password", "x").find("password is not in the document"), std::string::npos);
  EXPECT_NE(with("role", "superuser").find("not one of"), std::string::npos);
  EXPECT_NE(with("user", nullptr).find("null is not nullable"), std::string::npos);
  EXPECT_NE(with("schemes", "CLU").find("not an array"), std::string::npos);
  EXPECT_NE(contract_problem("GET", "/api/v1/session", 200, "text/html", good).find("JSON"),
            std::string::npos);
  EXPECT_NE(contract_problem("GET", "/api/v1/session", 200, json, "{").find("not JSON"),
            std::string::npos);
  // Errors have the document's shape whatever the route.
  EXPECT_EQ(contract_problem("GET", "/api/v1/no-such", 404, json,
                             R"({"error":{"code":"not_found","message":"m"}})"),
            "");
  EXPECT_NE(contract_problem("GET", "/api/v1/session", 500, json, R"({"error":"m"})"), "");
  // Pages are not the API's.
  EXPECT_EQ(contract_problem("GET", "/metrics", 200, "text/html", "<p>"), "");
}

// Every JSON reply the document declares says what its fields are: an
// object lists its properties, an array its items' (the OpenAPI document
// itself apart).
TEST(ApiContract, EveryJsonReplyDeclaresItsFields) {
  const nlohmann::json& doc = openapi_document();
  int checked = 0;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      if (op.value("operationId", "") == "getOpenApi") continue;
      for (const auto& [code, response_in] : op["responses"].items()) {
        const nlohmann::json& response =
            response_in.contains("$ref") ? doc["components"]["responses"]["Error"] : response_in;
        if (!response.contains("content") || !response["content"].contains("application/json"))
          continue;
        nlohmann::json schema = resolve_ref(doc, response["content"]["application/json"]["schema"]);
        if (schema.value("type", "") == "array") schema = resolve_ref(doc, schema["items"]);
        if (schema.contains("allOf")) schema = joined_all_of(doc, schema);
        const bool described = schema.contains("properties") || schema.contains("oneOf") ||
                               schema.contains("additionalProperties");
        EXPECT_TRUE(described) << method << " " << path << " " << code << ": " << schema.dump();
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 60);
}

}  // namespace
}  // namespace bc::test
