// Small-number suppression over HTTP (docs/security.md, "Suppression") and
// the pages agreeing with the CLI. Everyone outside the care team sees
// counts of people from 1 to 7 as "*" and others rounded to the nearest 5:
// the board here, through the API, the overview, a cluster's dashboard and
// a metric page by practice. The analyst's unsuppressed view of the same
// period does have counts from 1 to 7 (asserted, so that the checks cannot
// pass on data with no small numbers), and the overview's tiles are
// exactly `bettercare metrics --format json` (with --suppress for the
// board).
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

// A month of the synthetic city: small enough that clusters by age band
// and practices have counts from 1 to 7.
const std::string kPeriod = "2017/18:M1";

// The metrics whose value is itself a count of people.
bool value_is_people(const std::string& metric, const std::string& unit) {
  return unit == "count" && counts_people(metric);
}

// A count shown outside the care team is the true count moved by its cell
// key (at most 8; engine/disclosure.h) to 8 or more, and rounded to the
// nearest 5.
bool shown_from(int64_t shown, int64_t truth) {
  if (shown % 5 != 0) return false;
  for (int64_t p = std::max<int64_t>(truth - 8, 8); p <= truth + 8; ++p)
    if ((p + 2) / 5 * 5 == shown) return true;
  return false;
}

// What a suppressed count may be: "*", 0, or 8 or more rounded to 5.
std::string suppression_problem(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v == "*" ? "" : "the string " + v.dump();
  if (!v.is_number()) return "not a number: " + v.dump();
  double d = v.get<double>();
  if (d == 0) return "";
  if (d != std::floor(d)) return "not whole: " + v.dump();
  if (d < 8) return "a count from 1 to 7: " + v.dump();
  if (static_cast<int64_t>(d) % 5 != 0) return "not rounded to 5: " + v.dump();
  return "";
}

std::string row_key(const nlohmann::json& row) {
  return row["metric"].get<std::string>() + " " + row["group"].dump();
}

class Suppression : public HttpTest {
 protected:
  static nlohmann::json metrics(const std::string& user, const std::string& query) {
    Reply r = get("/api/v1/metrics?" + query, &as(user));
    EXPECT_EQ(r.status, 200) << user << " " << query << ": " << r.describe();
    return r.json();
  }

  // Checks every count of people in API rows; returns how many rows had
  // a count of people from 1 to 7 (0 when suppressed right).
  static int small_counts(const nlohmann::json& rows, bool expect_suppressed,
                          const std::string& what) {
    int n = 0;
    for (const auto& row : rows) {
      const std::string metric = row["metric"];
      if (!counts_people(metric)) continue;
      std::vector<std::pair<const char*, nlohmann::json>> checks = {
          {"numerator", row["numerator"]}};
      if (value_is_people(metric, row["unit"])) {
        checks.emplace_back("value", row["value"]);
        checks.emplace_back("previous_value", row["previous_value"]);
      }
      if (row.contains("unknown")) checks.emplace_back("unknown", row["unknown"]);
      for (const auto& [field, v] : checks) {
        n += small_count(v);
        if (expect_suppressed) {
          std::string p = suppression_problem(v);
          EXPECT_EQ(p, "") << what << ": " << field << " of " << row.dump();
        }
      }
    }
    return n;
  }

  // Metric values shown on a page: data-value attributes of tiles and of
  // breakdown cells, by metric, with the cell's visible text.
  struct Shown {
    std::string metric, value, text;
  };
  static std::vector<Shown> shown_values(const std::string& html) {
    std::vector<Shown> out;
    HtmlDoc doc(html);
    EXPECT_TRUE(doc.ok());
    for (xmlNodePtr tile : doc.all("//article[@data-metric]")) {
      xmlNodePtr v = doc.one(".//*[@data-value]", tile);
      if (v == nullptr) continue;
      out.push_back(
          {HtmlDoc::attr(tile, "data-metric"), HtmlDoc::attr(v, "data-value"), HtmlDoc::text(v)});
    }
    for (xmlNodePtr table : doc.all("//table[@data-metric]")) {
      for (xmlNodePtr cell : doc.all(".//td[@data-value]", table)) {
        out.push_back({HtmlDoc::attr(table, "data-metric"), HtmlDoc::attr(cell, "data-value"),
                       HtmlDoc::text(cell)});
      }
    }
    return out;
  }

  static nlohmann::json units() {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& d : get("/api/v1/metrics/definitions", &as("board")).json())
      out[d["id"].get<std::string>()] = d["unit"];
    return out;
  }

  // Checks the values a page shows; returns how many were counts of people
  // from 1 to 7.
  static int small_on_page(const std::string& path, const std::string& user, bool suppressed) {
    Reply r = get(path, &as(user));
    EXPECT_EQ(r.status, 200) << path << ": " << r.describe();
    const nlohmann::json unit = units();
    auto values = shown_values(r.body);
    EXPECT_FALSE(values.empty()) << path << " shows no values";
    int n = 0;
    for (const Shown& s : values) {
      if (!unit.contains(s.metric) || !value_is_people(s.metric, unit[s.metric])) continue;
      nlohmann::json v =
          s.value == "*" ? nlohmann::json("*") : nlohmann::json::parse(s.value, nullptr, false);
      n += small_count(v);
      if (suppressed) {
        EXPECT_EQ(suppression_problem(v), "") << path << " " << s.metric;
      }
      // The cell shows what its data-value says.
      std::string text = s.text;
      text.erase(std::remove(text.begin(), text.end(), ','), text.end());
      EXPECT_EQ(text, s.value) << path << " " << s.metric;
    }
    // The footer says which it is.
    const bool says_suppressed =
        r.body.find("suppressed for viewers outside the care team") != std::string::npos;
    EXPECT_EQ(says_suppressed, suppressed) << path << " as " << user;
    return n;
  }
};

TEST_F(Suppression, TheBoardSeesNoCountsFromOneToSevenInTheApi) {
  const std::vector<std::string> queries = {
      "period=" + kPeriod +
          "&metric=nel_admissions,ae_attendances,ae_attendances_all_types,nel_cost"
          "&by=cluster,age_band",
      "period=" + kPeriod +
          "&metric=nel_admissions,ae_attendances,permanent_admissions_65,"
          "permanent_admissions_65_rate,reablement_91,falls_injuries_65,falls_injuries_65_rate,"
          "ae_attendances_all_types&by=cluster",
      "period=" + kPeriod + "&metric=nel_admissions&by=practice",
      "period=" + kPeriod + "&metric=falls_injuries_65,reablement_91&by=cluster,sex",
      "period=" + kPeriod,
  };
  for (const std::string& q : queries) {
    nlohmann::json open = metrics("analyst", q);
    nlohmann::json hidden = metrics("board", q);
    ASSERT_TRUE(open.is_array() && hidden.is_array()) << q;
    EXPECT_EQ(open.size(), hidden.size()) << q;
    EXPECT_EQ(small_counts(hidden, true, "board " + q), 0) << q;
    // The same rows, and a suppressed count is the open one hidden or rounded.
    std::map<std::string, nlohmann::json> by_key;
    for (const auto& row : open) by_key[row_key(row)] = row;
    for (const auto& row : hidden) {
      auto it = by_key.find(row_key(row));
      ASSERT_NE(it, by_key.end()) << row.dump();
      if (!counts_people(row["metric"])) {
        EXPECT_EQ(row, it->second) << "days are not suppressed";
        continue;
      }
      if (row["metric"] == "nel_cost") {
        // Money: hidden with its count (checked in disclosure_test.cc), else
        // rounded to the nearest 1,000 pounds.
        if (row["numerator"].is_number()) {
          EXPECT_EQ(std::fmod(row["numerator"].get<double>(), 1000.0), 0.0) << row.dump();
        }
        continue;
      }
      const nlohmann::json& n = it->second["numerator"];
      if (small_count(n)) {
        EXPECT_EQ(row["numerator"], "*") << row.dump();
      } else if (n.is_number() && n.get<double>() > 0 && row["numerator"] != "*") {
        // (A count of 8 or more is hidden too when its perturbed value is
        // from 1 to 7.)
        int64_t v = std::llround(n.get<double>());
        ASSERT_TRUE(row["numerator"].is_number()) << row.dump();
        EXPECT_TRUE(shown_from(row["numerator"].get<int64_t>(), v)) << row.dump() << " from " << n;
      } else if (n == 0) {
        EXPECT_EQ(row["numerator"], 0) << row.dump();
      }
    }
  }
  // Not vacuous: the analyst's own view of the first query has small counts.
  EXPECT_GT(small_counts(metrics("analyst", queries[0]), false, "analyst"), 0);
  EXPECT_GT(small_counts(metrics("analyst", queries[2]), false, "analyst"), 0);
}

TEST_F(Suppression, TheBoardSeesNoCountsFromOneToSevenOnThePages) {
  const std::vector<std::string> pages = {
      "/?period=" + kPeriod,
      "/clusters/C1?period=" + kPeriod,
      "/clusters/C4?period=" + kPeriod,
      "/metrics/nel_admissions?period=" + kPeriod + "&by=practice",
      "/metrics/nel_admissions?period=" + kPeriod + "&by=cluster,age_band",
      "/metrics/falls_injuries_65?period=" + kPeriod + "&by=cluster",
      "/metrics/ae_attendances?period=" + kPeriod + "&cluster=C1&by=practice",
  };
  int analyst_small = 0;
  for (const std::string& p : pages) {
    EXPECT_EQ(small_on_page(p, "board", true), 0) << p;
    analyst_small += small_on_page(p, "analyst", false);
  }
  EXPECT_GT(analyst_small, 0) << "the period has no small counts to suppress";
  // The finance and admin roles are suppressed too, and so is a scheme lead.
  for (const std::string user : {"admin", "finance", "lead"}) {
    EXPECT_EQ(small_on_page(pages[3], user, true), 0) << user;
  }
}

TEST_F(Suppression, TheBoardsCsvDownloadIsSuppressedToo) {
  Reply r = get("/metrics/nel_admissions.csv?period=" + kPeriod + "&by=practice", &as("board"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.header("Content-Type").rfind("text/csv", 0), 0u);
  std::istringstream lines(r.body);
  std::string header;
  std::getline(lines, header);
  ASSERT_EQ(header.rfind("metric,period,practice,value,numerator,", 0), 0u) << header;
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    ++rows;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    ASSERT_GE(f.size(), 5u) << line;
    for (size_t i : {3u, 4u}) {
      nlohmann::json v = f[i] == "*" ? nlohmann::json("*") : nlohmann::json::parse(f[i]);
      EXPECT_EQ(suppression_problem(v), "") << line;
    }
  }
  EXPECT_EQ(rows, 30);  // one per practice
  Reply open =
      get("/metrics/nel_admissions.csv?period=" + kPeriod + "&by=practice", &as("analyst"));
  EXPECT_NE(open.body, r.body);
}

TEST_F(Suppression, TheClinicianSeesTheirOwnClusterUnsuppressedAndTheRestSuppressed) {
  const std::string q = "period=" + kPeriod + "&metric=nel_admissions&by=age_band";
  // Their own cluster: exactly the analyst's figures.
  nlohmann::json own = metrics("clin", q + "&cluster=C1");
  EXPECT_EQ(own, metrics("analyst", q + "&cluster=C1"));
  EXPECT_GT(small_counts(own, false, "clin C1"), 0) << "C1 has small counts to see";
  // City-wide, or broken down by cluster: suppressed like the board's.
  for (const std::string& other :
       {q, "period=" + kPeriod + "&metric=nel_admissions&by=cluster,age_band"}) {
    nlohmann::json rows = metrics("clin", other);
    EXPECT_EQ(rows, metrics("board", other)) << other;
    EXPECT_EQ(small_counts(rows, true, "clin " + other), 0);
  }
  // The dashboard of their cluster is unsuppressed, the overview suppressed.
  small_on_page("/clusters/C1?period=" + kPeriod, "clin", false);
  EXPECT_EQ(small_on_page("/?period=" + kPeriod, "clin", true), 0);
}

TEST_F(Suppression, AClustersBreakdownByPracticeListsOnlyItsOwnPractices) {
  // The cluster's dashboard lists its practices; its "by practice" metric
  // page should break the cluster down into exactly those.
  HtmlDoc dashboard(get("/clusters/C1?period=" + kPeriod, &as("analyst")).body);
  std::set<std::string> practices;
  for (xmlNodePtr li : dashboard.all("//ul[contains(@class, 'inline-list')]/li"))
    practices.insert(HtmlDoc::text(li).substr(0, 6));
  ASSERT_EQ(practices.size(), 5u) << "the synthetic city has five practices per cluster";
  Reply page =
      get("/metrics/nel_admissions?period=" + kPeriod + "&cluster=C1&by=practice", &as("analyst"));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  std::set<std::string> listed;
  for (xmlNodePtr td : doc.all("//table[@data-metric]//td[@data-dim='practice']"))
    listed.insert(HtmlDoc::attr(td, "data-code"));
  EXPECT_EQ(listed, practices);
  nlohmann::json api =
      metrics("analyst", "period=" + kPeriod + "&metric=nel_admissions&cluster=C1&by=practice");
  std::set<std::string> api_practices;
  for (const auto& row : api) api_practices.insert(row["group"]["practice"]);
  EXPECT_EQ(api_practices, practices);
}

class OverviewEqualsCli : public HttpTest {
 protected:
  // metric -> the tile's data-value.
  static std::map<std::string, std::string> tiles(const std::string& user,
                                                  const std::string& period) {
    Reply r = get("/?period=" + period, &as(user));
    EXPECT_EQ(r.status, 200) << r.describe();
    HtmlDoc doc(r.body);
    std::map<std::string, std::string> out;
    for (xmlNodePtr tile : doc.all("//article[contains(@class, 'tile')][@data-metric]")) {
      std::string metric = HtmlDoc::attr(tile, "data-metric");
      xmlNodePtr v = doc.one(".//*[@data-value]", tile);
      EXPECT_NE(v, nullptr) << metric;
      EXPECT_EQ(out.count(metric), 0u) << "two tiles for " << metric;
      out[metric] = HtmlDoc::attr(v, "data-value");
    }
    return out;
  }
  // metric -> its value as the page writes it (web/pages_internal.h
  // json_value_text): a string as itself, anything else as JSON.
  static std::map<std::string, std::string> cli_values(const std::string& period, bool suppress) {
    std::vector<std::string> args = {"metrics", "--period", period, "--format", "json"};
    if (suppress) args.push_back("--suppress");
    RunResult r = cli(args);
    EXPECT_EQ(r.code, 0) << r.err;
    nlohmann::json rows = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(rows.is_array()) << r.out.substr(0, 300);
    std::map<std::string, std::string> out;
    for (const auto& row : rows) {
      EXPECT_TRUE(row["group"].empty()) << row.dump();
      const nlohmann::json& v = row["value"];
      out[row["metric"]] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
  }
};

TEST_F(OverviewEqualsCli, ForTheAnalystUnsuppressed) {
  for (const std::string period : {"2017/18:Q3", "2017/18", kPeriod.c_str()}) {
    auto page = tiles("analyst", period);
    auto cli = cli_values(period, false);
    EXPECT_EQ(page.size(), 20u) << period;
    EXPECT_EQ(page, cli) << period;
  }
}

TEST_F(OverviewEqualsCli, ForTheBoardSuppressed) {
  for (const std::string period : {"2017/18:Q3", kPeriod.c_str()}) {
    auto page = tiles("board", period);
    auto cli = cli_values(period, true);
    EXPECT_EQ(page.size(), 20u) << period;
    EXPECT_EQ(page, cli) << period;
    // Not the same as unsuppressed: the month has something to hide.
    if (period == kPeriod) {
      EXPECT_NE(page, cli_values(period, false));
    }
  }
}

TEST_F(OverviewEqualsCli, TheApiGivesTheCliRowsToo) {
  for (const auto& [user, suppress] :
       {std::pair<std::string, bool>{"analyst", false}, {"board", true}}) {
    std::vector<std::string> args = {"metrics",
                                     "--period",
                                     "2017/18:Q3",
                                     "--by",
                                     "cluster",
                                     "--metric",
                                     "nel_admissions,falls_injuries_65,reablement_91",
                                     "--format",
                                     "json"};
    if (suppress) args.push_back("--suppress");
    RunResult r = cli(args);
    ASSERT_EQ(r.code, 0) << r.err;
    nlohmann::json api = get("/api/v1/metrics?period=2017/18:Q3&by=cluster&metric=nel_admissions,"
                             "falls_injuries_65,reablement_91",
                             &as(user))
                             .json();
    EXPECT_EQ(api, nlohmann::json::parse(r.out)) << user;
  }
}

}  // namespace
}  // namespace bc::test
