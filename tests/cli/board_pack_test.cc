// bettercare board pack: the pack for the JCB of 11 June 2018 (the seed's
// agenda, tests/fixtures/governance, over the small area's data) as one
// self-contained HTML document and a PDF whose pages match its agenda,
// read back with poppler's pdftotext.
#include <gtest/gtest.h>

#include <regex>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

std::string pack_store(const fs::path& dir) {
  RunResult r = run_bc(dir, {"init"});
  if (r.code != 0) return "init: " + r.err;
  r = run_bc(dir, {"import", fixture("small").string(), fixture("governance").string()});
  return r.code == 0 ? "" : "import: " + r.err;
}

// The pack printed once for the suite: HTML, PDF and the PDF's text by page.
struct Printed {
  RunResult run;
  std::string html;
  std::vector<std::string> pages;
};

std::string print_pack(const fs::path& dir) {
  if (std::string e = pack_store(dir); !e.empty()) return e;
  RunResult r = run_bc(dir, {"board", "pack", "--board", "JCB", "--meeting", "2018-06-11", "--out",
                             "pack.html", "--pdf", "pack.pdf", "--area", "Southampton City"});
  write_file(dir / "pack.code", std::to_string(r.code));
  write_file(dir / "pack.err", r.err);
  if (r.code != 0) return "";  // the tests report it
  std::system(
      ("cd " + shell_quote(dir.string()) + " && pdftotext -layout pack.pdf pack.txt").c_str());
  return "";
}

class BoardPack : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    made_ = made_once("board-pack", print_pack, &error);
    ASSERT_EQ(error, "");
    ASSERT_EQ(read_file(made_ / "pack.code"), "0") << read_file(made_ / "pack.err");
    html_ = read_file(made_ / "pack.html");
    const std::string text = read_file(made_ / "pack.txt");
    size_t start = 0;
    for (size_t ff = text.find('\f'); ff != std::string::npos; ff = text.find('\f', start)) {
      pages_.push_back(text.substr(start, ff - start));
      start = ff + 1;
    }
  }
  // True when a line of the page is exactly `line` (blanks around ignored).
  bool page_has_line(size_t page, const std::string& line) const {
    std::istringstream in(pages_.at(page - 1));
    std::string l;
    while (std::getline(in, l)) {
      l.erase(0, l.find_first_not_of(' '));
      l.erase(l.find_last_not_of(' ') + 1);
      if (l == line) return true;
    }
    return false;
  }
  fs::path made_;
  std::string html_;
  std::vector<std::string> pages_;
};

TEST_F(BoardPack, IsOneSelfContainedDocument) {
  EXPECT_EQ(html_.find("<script"), std::string::npos);
  EXPECT_EQ(html_.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html_.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html_.find("<link"), std::string::npos);
  EXPECT_NE(html_.find("<h1>Joint Commissioning Board</h1>"), std::string::npos);
  EXPECT_NE(html_.find("Monday 11 June 2018"), std::string::npos);
  // The agenda: the seed's ten items, in order.
  std::regex row("<tr data-item=\"([0-9]+)\">");
  std::vector<std::string> items;
  for (auto it = std::sregex_iterator(html_.begin(), html_.end(), row);
       it != std::sregex_iterator(); ++it)
    items.push_back((*it)[1]);
  EXPECT_EQ(items, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}));
}

TEST_F(BoardPack, ThePdfsPagesAreTheAgendas) {
  ASSERT_GT(pages_.size(), 5u);
  // Each item with a paper: the agenda's "Pages X - Y" (or "Page X"), and
  // page X starts that item's part; every page is numbered at its foot.
  std::regex pages_of(
      "<tr data-item=\"([0-9]+)\">.*?class=\"pack-pages\">Pages? ([0-9]+)(?: - ([0-9]+))?</td>");
  std::vector<std::pair<int, int>> ranges;
  int checked = 0;
  for (auto it = std::sregex_iterator(html_.begin(), html_.end(), pages_of);
       it != std::sregex_iterator(); ++it) {
    const std::string item = (*it)[1];
    const int first = std::stoi((*it)[2]);
    const int last = (*it)[3].matched ? std::stoi((*it)[3]) : first;
    ASSERT_LE(first, last) << item;
    ASSERT_LE(static_cast<size_t>(last), pages_.size()) << item;
    EXPECT_TRUE(page_has_line(first, "Agenda item " + item))
        << "item " << item << " page " << first;
    if (!ranges.empty()) {
      EXPECT_EQ(ranges.back().second + 1, first) << "item " << item;
    }
    ranges.emplace_back(first, last);
    ++checked;
  }
  EXPECT_EQ(checked, 7) << "items 4 to 10 have papers";
  for (size_t p = 1; p <= pages_.size(); ++p) {
    EXPECT_TRUE(page_has_line(p, "Page " + std::to_string(p))) << "page " << p;
  }
  // The placeholder of the first printing never reaches the final pack.
  EXPECT_EQ(html_.find("000 - 000"), std::string::npos);
}

TEST_F(BoardPack, HoldsTheMinutesTrackerPerformanceFinanceAndSchemeReports) {
  // Item 4 brings the minutes of 8 March 2018 and the tracker, item 6 the
  // performance report: each within its item's part.
  auto part_of = [this](const std::string& marker, const std::string& next) {
    const size_t from = html_.find("<p class=\"pack-marker\">" + marker + "</p>");
    const size_t to = html_.find("<p class=\"pack-marker\">" + next + "</p>");
    EXPECT_NE(from, std::string::npos) << marker;
    EXPECT_NE(to, std::string::npos) << next;
    return from == std::string::npos || to == std::string::npos ? std::string()
                                                                : html_.substr(from, to - from);
  };
  const std::string item4 = part_of("Agenda item 4", "Agenda item 5");
  EXPECT_NE(item4.find("Minutes of the meeting held on Thursday 8 March 2018"), std::string::npos);
  EXPECT_NE(item4.find("action tracker</h3>"), std::string::npos);
  const std::string item6 = part_of("Agenda item 6", "Agenda item 7");
  EXPECT_NE(item6.find("<table"), std::string::npos) << "the performance report's tables";
  EXPECT_EQ(item4.find("Appendix"), std::string::npos);
  EXPECT_NE(html_.find("The Board supported the recommendation to proceed with a procurement"),
            std::string::npos);
  EXPECT_NE(html_.find("8 actions as at Monday 11 June 2018; 3 overdue"), std::string::npos);
  std::regex overdue("<tr class=\"pack-overdue\">");
  EXPECT_EQ(std::distance(std::sregex_iterator(html_.begin(), html_.end(), overdue),
                          std::sregex_iterator()),
            3);
  // The finance schedule and the scheme reports, which no item names, are
  // appendices.
  EXPECT_NE(html_.find("Appendices: A Finance schedule; B Scheme reports awaiting the board."),
            std::string::npos);
  EXPECT_NE(html_.find("<h2>Finance schedule</h2>"), std::string::npos);
  EXPECT_NE(html_.find("<h2>Scheme reports awaiting the board</h2>"), std::string::npos);
  // Every paper has its front sheet.
  for (const char* item : {"4", "5", "6", "7", "8", "9", "10"}) {
    EXPECT_NE(html_.find(std::string("<p class=\"pack-marker\">Agenda item ") + item + "</p>"),
              std::string::npos)
        << item;
  }
  EXPECT_NE(html_.find("<dt>Decision-maker</dt><dd>Joint Commissioning Board</dd>"),
            std::string::npos);
}

TEST(BoardPackCli, RefusesWhatItCannotMake) {
  TempDir dir;
  ASSERT_EQ(pack_store(dir.path()), "");
  RunResult r = run_bc(
      dir, {"board", "pack", "--board", "JCB", "--meeting", "2018-06-12", "--out", "x.html"});
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.err, "bettercare: JCB has no meeting on 2018-06-12\n");
  EXPECT_FALSE(fs::exists(dir / "x.html"));
  r = run_bc(dir, {"board", "pack", "--board", "JCB", "--meeting", "2018-06-11"});
  EXPECT_EQ(r.code, 2) << "--out is required";
  r = run_bc(dir, {"board", "pack", "--board", "JCB", "--meeting", "2018-06-11", "--out", "y.html",
                   "--period", "2017/18:M13"});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(dir / "y.html"));
  // Without a PDF the agenda links to each part instead of giving pages.
  r = run_bc(dir,
             {"board", "pack", "--board", "JCB", "--meeting", "2018-06-11", "--out", "z.html"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = read_file(dir / "z.html");
  EXPECT_NE(html.find("<a href=\"#item-4\">Item 4</a>"), std::string::npos);
  EXPECT_NE(html.find("id=\"item-4\""), std::string::npos);
}

}  // namespace
}  // namespace bc::test
