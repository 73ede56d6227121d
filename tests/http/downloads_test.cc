// Every table of the web application downloads as CSV and XLSX
// (web/table_export.h): the links sit before each table region; a
// download holds exactly the table the page shows to that user (its cells'
// text, suppression included), is audited, and reads back in an
// independent reader (openpyxl); the overview and finance pages download
// whole, one sheet per table. Bad requests are refused clearly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "server_fixture.h"

namespace bc::test {
namespace {

class Downloads : public HttpTest {
 protected:
  static int64_t downloads_audited(const std::string& actor) {
    return query_int(db(),
                     "SELECT count(*) FROM audit_log WHERE action = 'download_table' AND "
                     "actor = '" +
                         actor + "'");
  }
};

// The rows of a CSV as bettercare writes it (RFC 4180 quoting, LF).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
  return rows;
}

// The rows of a page's table region as a reader sees them.
// A line break reads as a space, and a cell spanning N columns is followed
// by N - 1 empty ones (the page's body is parsed with each <br> made a space).
std::vector<std::vector<std::string>> page_rows(const HtmlDoc& doc, const std::string& label) {
  std::vector<std::vector<std::string>> rows;
  for (xmlNodePtr tr : doc.all("//div[@aria-label='" + label + "']//table//tr")) {
    std::vector<std::string> row;
    for (xmlNodePtr cell : doc.all("./th|./td", tr)) {
      row.push_back(HtmlDoc::text(cell));
      std::string span = HtmlDoc::attr(cell, "colspan");
      for (int i = 1; !span.empty() && i < std::stoi(span); ++i) row.emplace_back();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The page as a reader parses it: each <br> a space.
std::string breaks_as_spaces(const std::string& html) {
  std::string out;
  size_t from = 0;
  for (size_t at = html.find("<br>"); at != std::string::npos; at = html.find("<br>", from)) {
    out.append(html, from, at - from).append(" ");
    from = at + 4;
  }
  return out.append(html, from, std::string::npos);
}

// The link before a region, by format ("CSV" or "XLSX").
std::string link_before(const HtmlDoc& doc, const std::string& label, const std::string& format) {
  xmlNodePtr a =
      doc.one("//div[@aria-label='" + label +
              "']/preceding-sibling::p[@class='downloads'][1]/a[starts-with(., '" + format + "')]");
  return a == nullptr ? "" : HtmlDoc::attr(a, "href");
}

nlohmann::json read_xlsx(const std::string& bytes, const fs::path& dir) {
  fs::path file = dir / "download.xlsx";
  {
    std::ofstream out(file, std::ios::binary);
    out << bytes;
  }
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd =
      python + " " + shell_quote(std::string(BC_SOURCE_DIR) + "/tests/tools/xlsx_dump.py") + " " +
      shell_quote(file.string()) + " > " + shell_quote((dir / "x.json").string()) + " 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "openpyxl could not read the download: " << read_file(dir / "x.json");
    return nullptr;
  }
  return nlohmann::json::parse(read_file(dir / "x.json"));
}

TEST_F(Downloads, TheFinanceScheduleDownloadsAsTheTableThePageShows) {
  const Session& fin = as("finance");
  Reply page = get("/finance?year=2017/18&month=12", &fin);
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(breaks_as_spaces(page.body));
  std::string csv_href = link_before(doc, "Finance schedule", "CSV");
  ASSERT_NE(csv_href, "") << "no CSV link before the finance schedule";
  EXPECT_NE(csv_href.find("year=2017%2F18"), std::string::npos) << csv_href;
  EXPECT_NE(csv_href.find("table=finance-schedule"), std::string::npos) << csv_href;

  int64_t before = downloads_audited("finance");
  Reply csv = get(csv_href, &fin);
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Content-Disposition"), "attachment; filename=\"finance-schedule.csv\"");
  auto shown = page_rows(doc, "Finance schedule");
  ASSERT_GE(shown.size(), 15u);
  EXPECT_EQ(parse_csv(csv.body), shown);
  EXPECT_EQ(downloads_audited("finance"), before + 1);
}

TEST_F(Downloads, XlsxHoldsNumbersAsNumbersAndTheWholePageOneSheetPerTable) {
  const Session& fin = as("finance");
  Reply page = get("/finance?year=2017/18&month=12", &fin);
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(breaks_as_spaces(page.body));
  xmlNodePtr whole = doc.one("//a[contains(., 'every table of this page (XLSX)')]");
  ASSERT_NE(whole, nullptr);
  Reply x = get(HtmlDoc::attr(whole, "href"), &fin);
  ASSERT_EQ(x.status, 200) << x.describe();
  EXPECT_EQ(x.header("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(x.header("Content-Disposition"), "attachment; filename=\"finance.xlsx\"");
  TempDir dir;
  nlohmann::json wb = read_xlsx(x.body, dir.path());
  ASSERT_TRUE(wb.is_object());
  const auto regions = doc.all("//div[@class='table-wrap' and @aria-label]");
  ASSERT_EQ(wb["sheets"].size(), regions.size());
  EXPECT_EQ(wb["sheets"][0], HtmlDoc::attr(regions[0], "aria-label"));
  // Each body cell the page writes as a number is a number in the sheet
  // with the page's value: "1,234" 1234, "(33)" -33.
  auto shown = page_rows(doc, "Finance schedule");
  const auto& cells = wb["cells"][wb["sheets"][0].get<std::string>()];
  int numbers = 0, negatives = 0;
  for (size_t r = 0; r < shown.size(); ++r) {
    for (size_t c = 0; c < shown[r].size() && c < 26; ++c) {
      std::string text = shown[r][c];
      std::string ref = std::string(1, static_cast<char>('A' + c)) + std::to_string(r + 1);
      bool negative = text.size() > 2 && text.front() == '(' && text.back() == ')';
      std::string digits;
      for (char ch : text) {
        if (ch != ',' && ch != '(' && ch != ')') digits += ch;
      }
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
          r < doc.all("//div[@aria-label='Finance schedule']//thead//tr").size())
        continue;
      ASSERT_TRUE(cells.contains(ref)) << ref << " " << text;
      EXPECT_EQ(cells[ref]["t"], "n") << ref << " " << text;
      EXPECT_EQ(cells[ref]["v"].get<double>(), (negative ? -1 : 1) * std::stod(digits))
          << ref << " " << text;
      ++numbers;
      negatives += negative;
    }
  }
  EXPECT_GE(numbers, 40);
  EXPECT_GE(negatives, 1);
}

TEST_F(Downloads, TheOverviewListsTheMeasuresAsATableAndDownloadsWhole) {
  const Session& board = as("board");
  Reply page = get("/?period=2017/18", &board);
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(breaks_as_spaces(page.body));
  auto measures = page_rows(doc, "The measures");
  ASSERT_GE(measures.size(), 6u);
  EXPECT_EQ(measures[0][0], "Measure");
  EXPECT_EQ(doc.all("//div[@class='tiles']/*").size() + 1, measures.size());
  std::string xlsx = link_before(doc, "The measures", "XLSX");
  ASSERT_NE(xlsx, "");
  Reply x = get(xlsx, &board);
  ASSERT_EQ(x.status, 200) << x.describe();
  TempDir dir;
  nlohmann::json wb = read_xlsx(x.body, dir.path());
  ASSERT_TRUE(wb.is_object());
  EXPECT_EQ(wb["sheets"], nlohmann::json({"The measures"}));
  EXPECT_EQ(wb["cells"]["The measures"]["A1"]["v"], "Measure");
  EXPECT_EQ(wb["cells"]["The measures"]["A2"]["v"], measures[1][0]);
  ASSERT_NE(doc.one("//a[contains(., 'every table of this page (XLSX)')]"), nullptr);
}

TEST_F(Downloads, ASuppressedPageDownloadsSuppressed) {
  // The board sees small numbers suppressed: the download of a breakdown
  // by practice holds the same "*" cells as the page, never a count.
  const Session& board = as("board");
  for (const char* metric : {"falls_injuries_65", "permanent_admissions_65", "nel_admissions"}) {
    Reply page = get(std::string("/metrics/") + metric + "?period=2017/18:M6&by=practice", &board);
    ASSERT_EQ(page.status, 200) << page.describe();
    HtmlDoc doc(breaks_as_spaces(page.body));
    xmlNodePtr region =
        doc.one("//div[@class='table-wrap' and contains(@aria-label, ' by practice')]");
    ASSERT_NE(region, nullptr) << metric;
    std::string label = HtmlDoc::attr(region, "aria-label");
    auto shown = page_rows(doc, label);
    int stars = 0;
    for (const auto& row : shown) {
      for (const auto& c : row) stars += c == "*";
    }
    if (stars == 0) continue;
    Reply csv = get(link_before(doc, label, "CSV"), &board);
    ASSERT_EQ(csv.status, 200) << csv.describe();
    EXPECT_EQ(parse_csv(csv.body), shown);
    return;
  }
  FAIL() << "no breakdown by practice in a month had a suppressed count";
}
TEST_F(Downloads, BadRequestsAreRefusedAndAuditNothing) {
  const Session& fin = as("finance");
  int64_t before = downloads_audited("finance");
  Reply pdf = get("/finance?download=pdf&table=finance-schedule", &fin);
  EXPECT_EQ(pdf.status, 400) << pdf.describe();
  EXPECT_NE(pdf.body.find("csv or xlsx"), std::string::npos);
  Reply no_table = get("/finance?download=csv", &fin);
  EXPECT_EQ(no_table.status, 400) << no_table.describe();
  Reply unknown = get("/finance?download=xlsx&table=no-such-table", &fin);
  EXPECT_EQ(unknown.status, 404) << unknown.describe();
  EXPECT_NE(unknown.body.find("no table"), std::string::npos);
  EXPECT_NE(unknown.body.find("no-such-table"), std::string::npos);
  EXPECT_EQ(downloads_audited("finance"), before);
  // A page the role may not open is not downloadable either.
  Reply admin = get("/admin?download=csv&table=users", &fin);
  EXPECT_EQ(admin.status, 403) << admin.describe();
  EXPECT_EQ(admin.header("Content-Type").rfind("text/html", 0), 0u);
}

}  // namespace
}  // namespace bc::test
