#include "report/chart.h"

#include <gtest/gtest.h>

#include "contrast.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bc::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------
// A small strict XML reader: enough to check that a chart is well formed
// (every element closed, in order; attributes quoted; only the five escapes
// and numeric references; one root) and to look inside it.

struct Node {
  std::string name;
  std::map<std::string, std::string> attrs;  // values unescaped
  std::string text;                          // unescaped text directly inside
  std::vector<size_t> kids;
  size_t parent = 0;

  std::string attr(const std::string& k) const {
    auto it = attrs.find(k);
    return it == attrs.end() ? "" : it->second;
  }
  double num(const std::string& k) const { return std::stod(attr(k)); }
  bool has_class(const std::string& c) const { return attr("class") == c; }
};

class Xml {
 public:
  explicit Xml(const std::string& s) { parse(s); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const Node& root() const { return nodes_.at(0); }
  const Node& at(size_t i) const { return nodes_.at(i); }

  std::vector<const Node*> named(const std::string& name) const {
    std::vector<const Node*> out;
    for (const Node& n : nodes_)
      if (n.name == name) out.push_back(&n);
    return out;
  }
  std::vector<const Node*> with_class(const std::string& cls) const {
    std::vector<const Node*> out;
    for (const Node& n : nodes_)
      if (n.has_class(cls)) out.push_back(&n);
    return out;
  }
  // The text of the first <title> child, or "".
  std::string title_of(const Node& n) const {
    for (size_t k : n.kids)
      if (nodes_[k].name == "title") return nodes_[k].text;
    return "";
  }
  // All text inside `n`, depth first.
  std::string all_text(const Node& n) const {
    std::string t = n.text;
    for (size_t k : n.kids) t += all_text(nodes_[k]);
    return t;
  }
  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  void fail(const std::string& why, size_t at) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(at);
  }

  // Decodes one reference starting at s[i] == '&'; returns its length.
  size_t entity(const std::string& s, size_t i, std::string& out) {
    static const std::map<std::string, std::string> kNamed = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
    size_t semi = s.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      fail("bare &", i);
      return 1;
    }
    std::string name = s.substr(i + 1, semi - i - 1);
    if (auto it = kNamed.find(name); it != kNamed.end()) {
      out += it->second;
    } else if (name.size() > 1 && name[0] == '#' &&
               std::all_of(name.begin() + 1, name.end(), ::isdigit)) {
      long code = std::stol(name.substr(1));
      if (code < 128)
        out += static_cast<char>(code);
      else
        out += "?";
    } else {
      fail("unknown entity &" + name + ";", i);
    }
    return semi - i + 1;
  }

  void parse(const std::string& s) {
    std::vector<size_t> open;
    bool root_done = false;
    size_t i = 0;
    auto is_name = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == ':' || ch == '_';
    };
    while (i < s.size() && error_.empty()) {
      if (s[i] == '<' && s.compare(i, 2, "</") == 0) {
        size_t end = s.find('>', i);
        if (end == std::string::npos) return fail("unterminated end tag", i);
        std::string name = s.substr(i + 2, end - i - 2);
        if (open.empty() || nodes_[open.back()].name != name)
          return fail("</" + name + "> does not close " +
                          (open.empty() ? std::string("anything") : nodes_[open.back()].name),
                      i);
        open.pop_back();
        if (open.empty()) root_done = true;
        i = end + 1;
      } else if (s[i] == '<') {
        if (root_done) return fail("a second root element", i);
        size_t j = i + 1;
        while (j < s.size() && is_name(s[j])) ++j;
        Node n;
        n.name = s.substr(i + 1, j - i - 1);
        if (n.name.empty()) return fail("raw < in text", i);
        bool self_close = false;
        for (;;) {
          while (j < s.size() && s[j] == ' ') ++j;
          if (j >= s.size()) return fail("unterminated tag", i);
          if (s.compare(j, 2, "/>") == 0) {
            self_close = true;
            j += 2;
            break;
          }
          if (s[j] == '>') {
            ++j;
            break;
          }
          size_t k = j;
          while (k < s.size() && is_name(s[k])) ++k;
          std::string key = s.substr(j, k - j);
          if (key.empty() || s.compare(k, 2, "=\"") != 0) return fail("bad attribute", j);
          size_t close = s.find('"', k + 2);
          if (close == std::string::npos) return fail("unterminated attribute", k);
          std::string value;
          for (size_t p = k + 2; p < close;) {
            if (s[p] == '<') return fail("< in attribute", p);
            if (s[p] == '&') {
              p += entity(s, p, value);
            } else {
              value += s[p++];
            }
          }
          if (n.attrs.count(key)) return fail("duplicate attribute " + key, j);
          n.attrs[key] = value;
          j = close + 1;
          if (j < s.size() && s[j] != ' ' && s[j] != '>' && s[j] != '/')
            return fail("no space between attributes", j);
        }
        const size_t id = nodes_.size();
        if (!open.empty()) {
          n.parent = open.back();
          nodes_[open.back()].kids.push_back(id);
        }
        nodes_.push_back(std::move(n));
        if (self_close) {
          if (open.empty()) root_done = true;
        } else {
          open.push_back(id);
        }
        i = j;
      } else {
        if (open.empty()) {
          if (!std::isspace(static_cast<unsigned char>(s[i]))) return fail("text outside root", i);
          ++i;
          continue;
        }
        if (s[i] == '>') return fail("raw > in text", i);
        std::string& text = nodes_[open.back()].text;
        if (s[i] == '&') {
          i += entity(s, i, text);
        } else {
          text += s[i++];
        }
      }
    }
    if (error_.empty() && !open.empty()) fail("<" + nodes_[open.back()].name + "> never closed", i);
    if (error_.empty() && nodes_.empty()) fail("no element", 0);
  }

  std::vector<Node> nodes_;
  std::string error_;
};

// The numbers in a geometry attribute ("M1,2 L3.5,4", "rotate(-45 10 20)");
// anything that is not a separator or a path command counts as part of one.
std::vector<std::string> numbers_in(std::string v) {
  if (v.rfind("rotate(", 0) == 0) v = v.substr(7);
  std::vector<std::string> out;
  std::string cur;
  for (char ch : v + " ") {
    if (std::string(" ,()MLZ").find(ch) != std::string::npos) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

// "-12", "3.5", "0.25": no exponent, at most two decimals.
bool plain_number(const std::string& t) {
  size_t i = t.size() > 1 && t[0] == '-' ? 1 : 0;
  const size_t digits = i;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == digits) return false;
  if (i == t.size()) return true;
  if (t[i] != '.') return false;
  const size_t decimals = t.size() - i - 1;
  return decimals >= 1 && decimals <= 2 &&
         std::all_of(t.begin() + static_cast<long>(i) + 1, t.end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
}

// Checks every promise that holds for any chart; returns the parsed chart.
Xml checked(const std::string& svg) {
  Xml x(svg);
  EXPECT_TRUE(x.ok()) << x.error() << "\n" << svg;
  if (!x.ok()) return x;
  const Node& root = x.root();
  EXPECT_EQ(root.name, "svg");
  EXPECT_EQ(root.attr("xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_EQ(root.attr("role"), "img");
  EXPECT_EQ(root.attr("class"), "chart");
  EXPECT_NE(root.attr("style").find("max-width:100%"), std::string::npos);
  EXPECT_EQ(root.attr("viewBox"), "0 0 " + root.attr("width") + " " + root.attr("height"));
  // <title> and <desc> come first and are what aria-labelledby names.
  EXPECT_GE(root.kids.size(), 2u);
  if (root.kids.size() >= 2) {
    const Node& title = x.at(root.kids[0]);
    const Node& desc = x.at(root.kids[1]);
    EXPECT_EQ(title.name, "title");
    EXPECT_EQ(desc.name, "desc");
    EXPECT_FALSE(title.attr("id").empty());
    EXPECT_EQ(root.attr("aria-labelledby"), title.attr("id") + " " + desc.attr("id"));
    EXPECT_EQ(title.attr("id").find(' '), std::string::npos);
  }
  // No exponents, NaN or infinities; at most two decimals in geometry.
  std::string lower = svg;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(lower.find("nan"), std::string::npos);
  EXPECT_EQ(lower.find("inf"), std::string::npos);
  EXPECT_EQ(lower.find("e+"), std::string::npos);
  for (const Node& n : x.nodes()) {
    for (const char* a : {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d",
                          "transform", "viewBox", "stroke-width", "stroke-dasharray"}) {
      const std::string v = n.attr(a);
      for (const std::string& t : numbers_in(v))
        EXPECT_TRUE(plain_number(t)) << a << "=\"" << v << "\" in <" << n.name << ">";
    }
  }
  // Self-contained: nothing fetched, nothing run.
  for (const char* bad :
       {"href", "url(", "<script", "<image", "<foreignObject", "@import", "<link", "https:"})
    EXPECT_EQ(svg.find(bad), std::string::npos) << bad;
  EXPECT_EQ(svg.find("http:"), svg.find("http://www.w3.org/2000/svg"));
  return x;
}

std::vector<std::string> months() {
  return {"Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
}

LineChart admissions() {
  LineChart c;
  c.id = "nel";
  c.title = "Non-elective admissions by month";
  c.desc = "Monthly admissions, 2017/18 against plan and 2016/17";
  c.categories = months();
  c.y_label = "Admissions";
  c.series.push_back({"2017/18",
                      {2500, 2612, 2580, 2700, std::nullopt, 2650, 2720, 2800, 2900, std::nullopt,
                       std::nullopt, std::nullopt},
                      Series::Style::kSolid});
  c.series.push_back({"2016/17",
                      {2400, 2500, 2550, 2600, 2620, 2580, 2700, 2750, 2850, 2950, 2800, 2900},
                      Series::Style::kDashed});
  c.series.push_back({"Plan",
                      {2450, 2450, 2450, 2500, 2500, 2500, 2550, 2550, 2550, 2600, 2600, 2600},
                      Series::Style::kDotted});
  return c;
}

BarChart delays() {
  BarChart c;
  c.id = "dtoc";
  c.title = "Delayed days by responsible organisation";
  c.desc = "Delayed days each month, stacked by the organisation responsible";
  c.categories = {"Apr", "May", "Jun"};
  c.series = {{"NHS", {300, 320, 280}}, {"Social Care", {100, 120, 80}}, {"Both", {20, 30, 10}}};
  return c;
}

std::vector<const Node*> marks(const Xml& x) {
  return x.with_class("mark");
}

// Marks whose <title> starts with `prefix`.
std::vector<const Node*> marks_for(const Xml& x, const std::string& prefix) {
  std::vector<const Node*> out;
  for (const Node* m : marks(x))
    if (x.title_of(*m).rfind(prefix, 0) == 0) out.push_back(m);
  return out;
}

bool has_text(const Xml& x, const std::string& t) {
  for (const Node* n : x.named("text"))
    if (n->text == t) return true;
  return false;
}

// The y (vertical charts) or x (horizontal) of each gridline, in tick order.
std::vector<double> gridlines(const Xml& x, bool horizontal) {
  std::vector<double> out;
  for (const Node* g : x.with_class("grid")) out.push_back(g->num(horizontal ? "x1" : "y1"));
  return out;
}

std::vector<std::string> tick_labels(const Xml& x) {
  std::vector<std::string> out;
  for (const Node* n : x.with_class("tick-label")) out.push_back(n->text);
  return out;
}

// ---------------------------------------------------------------------------
// Well-formedness and accessibility.

TEST(Chart, TheCheckerRejectsBrokenMarkup) {
  EXPECT_TRUE(Xml("<svg><g><title>a &amp; b</title></g><rect x=\"1\"/></svg>").ok());
  for (const char* bad :
       {"<svg><g></svg>", "<svg><g></svg></g>", "<svg>a < b</svg>", "<svg>a & b</svg>",
        "<svg><title>x</title>", "<svg x=\"1\" x=\"2\"></svg>", "<svg></svg><svg></svg>",
        "<svg><text>5 > 4</text></svg>", "<svg x=\"a<b\"></svg>", "<svg x=1></svg>"})
    EXPECT_FALSE(Xml(bad).ok()) << bad;
}

TEST(Chart, EveryKindIsWellFormedAndLabelled) {
  std::vector<std::string> outputs;
  outputs.push_back(render_line_chart(admissions()));
  BarChart stacked = delays();
  stacked.stacked = true;
  stacked.show_values = true;
  outputs.push_back(render_bar_chart(stacked));
  BarChart grouped = delays();
  grouped.show_values = true;
  outputs.push_back(render_bar_chart(grouped));
  BarChart horizontal = delays();
  horizontal.horizontal = true;
  horizontal.show_values = true;
  outputs.push_back(render_bar_chart(horizontal));
  horizontal.stacked = true;
  outputs.push_back(render_bar_chart(horizontal));
  Sparkline s;
  s.id = "spark";
  s.title = "Admissions trend";
  s.desc = "Admissions by month";
  s.values = {3, 4, std::nullopt, 5, 6};
  s.reference = 4.5;
  outputs.push_back(render_sparkline(s));
  for (const std::string& svg : outputs) {
    Xml x = checked(svg);
    ASSERT_TRUE(x.ok());
    EXPECT_FALSE(x.title_of(x.root()).empty());
    EXPECT_FALSE(marks(x).empty());
    for (const Node* m : marks(x)) EXPECT_FALSE(x.title_of(*m).empty()) << m->name;
  }
}

TEST(Chart, TitleDescAndIds) {
  LineChart c = admissions();
  Xml x = checked(render_line_chart(c));
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x.root().attr("aria-labelledby"), "nel-title nel-desc");
  EXPECT_EQ(x.at(x.root().kids[0]).text, c.title);
  EXPECT_EQ(x.at(x.root().kids[1]).text, c.desc);
  EXPECT_EQ(x.root().attr("font-family"), "sans-serif");
  // The visible heading repeats the title.
  ASSERT_EQ(x.with_class("chart-title").size(), 1u);
  EXPECT_EQ(x.with_class("chart-title")[0]->text, c.title);
  // An id that would break aria-labelledby is made safe, consistently.
  c.id = "a b\"c";
  Xml y = checked(render_line_chart(c));
  EXPECT_EQ(y.root().attr("aria-labelledby"), "a-b-c-title a-b-c-desc");
  // No id: one is derived, stable, and differs between charts.
  c.id.clear();
  const std::string once = render_line_chart(c);
  Xml z = checked(once);
  EXPECT_EQ(once, render_line_chart(c));
  const std::string derived = z.at(z.root().kids[0]).attr("id");
  EXPECT_EQ(derived.rfind("chart-", 0), 0u);
  c.title = "Another chart";
  Xml other = checked(render_line_chart(c));
  EXPECT_NE(other.at(other.root().kids[0]).attr("id"), derived);
}

TEST(Chart, EscapesTextEverywhere) {
  const std::string nasty = "A<&\"'b";
  LineChart c = admissions();
  c.id = "esc";
  c.title = "Title " + nasty;
  c.desc = "Desc " + nasty;
  c.y_label = "Axis " + nasty;
  c.categories[0] = "Cat " + nasty;
  c.series[0].name = nasty;
  const std::string svg = render_line_chart(c);
  Xml x = checked(svg);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(svg.find(nasty), std::string::npos);
  EXPECT_NE(svg.find("A&lt;&amp;&quot;&#39;b"), std::string::npos);
  EXPECT_EQ(x.at(x.root().kids[0]).text, c.title);
  EXPECT_EQ(x.at(x.root().kids[1]).text, c.desc);
  EXPECT_TRUE(has_text(x, nasty));  // the legend
  EXPECT_TRUE(has_text(x, c.y_label));
  EXPECT_TRUE(has_text(x, c.categories[0]));
  EXPECT_EQ(marks_for(x, "Cat " + nasty + " " + nasty + ": ").size(), 1u);

  BarChart b = delays();
  b.horizontal = true;
  b.categories[1] = nasty;
  b.series[1].name = nasty;
  Xml y = checked(render_bar_chart(b));
  ASSERT_TRUE(y.ok());
  EXPECT_TRUE(has_text(y, nasty));
  EXPECT_EQ(marks_for(y, nasty + " " + nasty + ": ").size(), 1u);
}

TEST(Chart, XmlEscape) {
  EXPECT_EQ(xml_escape("<a & \"b\" 'c'>"), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
  EXPECT_EQ(xml_escape("plain £ text"), "plain £ text");
  EXPECT_EQ(xml_escape(std::string("bell\x07 tab\t nl\n", 15)), "bell tab\t nl\n");
  EXPECT_EQ(xml_escape(""), "");
}

// ---------------------------------------------------------------------------
// Legend and marks.

TEST(Chart, LegendOnlyWithTwoOrMoreSeries) {
  LineChart c = admissions();
  Xml three = checked(render_line_chart(c));
  ASSERT_EQ(three.with_class("legend").size(), 1u);
  const std::string legend = three.all_text(*three.with_class("legend")[0]);
  for (const Series& s : c.series) EXPECT_NE(legend.find(s.name), std::string::npos) << s.name;

  c.series.resize(1);
  EXPECT_TRUE(checked(render_line_chart(c)).with_class("legend").empty());
  c.series.resize(2, c.series[0]);
  EXPECT_EQ(checked(render_line_chart(c)).with_class("legend").size(), 1u);

  BarChart b = delays();
  EXPECT_EQ(checked(render_bar_chart(b)).with_class("legend").size(), 1u);
  b.series.resize(1);
  EXPECT_TRUE(checked(render_bar_chart(b)).with_class("legend").empty());
  b.horizontal = true;
  EXPECT_TRUE(checked(render_bar_chart(b)).with_class("legend").empty());
}

TEST(Chart, OneMarkPerValueWithItsTitle) {
  LineChart c = admissions();
  Xml x = checked(render_line_chart(c));
  // 8 + 12 + 12 values; the gaps in 2017/18 have no mark.
  EXPECT_EQ(marks(x).size(), 32u);
  EXPECT_EQ(marks_for(x, "Jun 2017/18: ").size(), 1u);
  EXPECT_EQ(x.title_of(*marks_for(x, "Jun 2017/18: ")[0]), "Jun 2017/18: 2,580");
  EXPECT_EQ(x.title_of(*marks_for(x, "May 2017/18: ")[0]), "May 2017/18: 2,612");
  EXPECT_TRUE(marks_for(x, "Aug 2017/18: ").empty());
  EXPECT_EQ(marks_for(x, "Aug 2016/17: ").size(), 1u);

  // NaN and infinities are gaps; extra values are ignored; missing ones are gaps.
  c.series[0].values = {1, kNaN, kInf, -kInf, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  c.series[1].values = {1, 2};
  c.series[2].values = {};
  Xml y = checked(render_line_chart(c));
  EXPECT_EQ(marks(y).size(), 9u + 2u);
  EXPECT_TRUE(marks_for(y, "Jun 2017/18").empty());
  EXPECT_EQ(y.title_of(*marks_for(y, "Mar 2017/18: ")[0]), "Mar 2017/18: 12");

  BarChart b = delays();
  b.series[2].values = {20, std::nullopt, kNaN};
  b.series[0].values.push_back(99);  // beyond the categories
  for (bool stacked : {false, true}) {
    for (bool horizontal : {false, true}) {
      b.stacked = stacked;
      b.horizontal = horizontal;
      Xml z = checked(render_bar_chart(b));
      EXPECT_EQ(marks(z).size(), 7u) << stacked << horizontal;
      for (const Node* m : marks(z)) EXPECT_EQ(m->name, "rect");
      EXPECT_EQ(z.title_of(*marks_for(z, "May Social Care: ")[0]), "May Social Care: 120");
    }
  }
}

TEST(Chart, LinesDifferByDashAndMarker) {
  LineChart c = admissions();
  c.series.push_back({"Fourth", std::vector<std::optional<double>>(12, 2000.0)});
  Xml x = checked(render_line_chart(c));
  std::vector<const Node*> lines = x.with_class("line");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]->attr("stroke-dasharray"), "");
  EXPECT_NE(lines[1]->attr("stroke-dasharray"), "");
  EXPECT_NE(lines[2]->attr("stroke-dasharray"), "");
  EXPECT_NE(lines[1]->attr("stroke-dasharray"), lines[2]->attr("stroke-dasharray"));
  std::set<std::string> colours;
  for (const Node* l : lines) colours.insert(l->attr("stroke"));
  EXPECT_EQ(colours.size(), 4u);
  // A different marker shape per series: element, and corners of a path.
  std::set<std::string> shapes;
  for (std::string s : {"2017/18", "2016/17", "Plan", "Fourth"}) {
    const Node* m = marks_for(x, "Apr " + s + ": ").at(0);
    const std::string d = m->attr("d");
    shapes.insert(m->name + std::to_string(std::count(d.begin(), d.end(), 'L')));
  }
  EXPECT_EQ(shapes.size(), 4u);
  // The legend shows the dash and the marker too.
  const Node* legend = x.with_class("legend").at(0);
  std::set<std::string> legend_dashes;
  for (size_t k : legend->kids)
    if (x.at(k).name == "line") legend_dashes.insert(x.at(k).attr("stroke-dasharray"));
  EXPECT_EQ(legend_dashes.size(), 3u);
}

TEST(Chart, LineGapsBreakTheLine) {
  LineChart c;
  c.id = "gap";
  c.categories = {"a", "b", "c", "d", "e"};
  c.series = {{"s", {1, 2, std::nullopt, 4, 5}}};
  Xml x = checked(render_line_chart(c));
  ASSERT_EQ(x.with_class("line").size(), 1u);
  const std::string d = x.with_class("line")[0]->attr("d");
  EXPECT_EQ(std::count(d.begin(), d.end(), 'M'), 2);
  EXPECT_EQ(std::count(d.begin(), d.end(), 'L'), 2);
}

// ---------------------------------------------------------------------------
// Geometry.

TEST(Chart, StackedBarsAddUp) {
  BarChart b;
  b.id = "stack";
  b.categories = {"A", "B"};
  b.series = {{"lower", {30, 100}}, {"upper", {70, std::nullopt}}};
  b.stacked = true;
  Xml x = checked(render_bar_chart(b));
  // The axis is 0, 20, ..., 100.
  EXPECT_EQ(tick_labels(x), (std::vector<std::string>{"0", "20", "40", "60", "80", "100"}));
  const std::vector<double> grid = gridlines(x, false);
  ASSERT_EQ(grid.size(), 6u);
  const double y0 = grid.front(), y100 = grid.back();
  ASSERT_GT(y0 - y100, 50);
  const Node* lower = marks_for(x, "A lower: ").at(0);
  const Node* upper = marks_for(x, "A upper: ").at(0);
  const Node* whole = marks_for(x, "B lower: ").at(0);
  // The stack spans exactly 0..100, the segments touch, and share a column.
  EXPECT_NEAR(lower->num("y") + lower->num("height"), y0, 0.02);
  EXPECT_NEAR(upper->num("y"), y100, 0.02);
  EXPECT_NEAR(upper->num("y") + upper->num("height"), lower->num("y"), 0.02);
  EXPECT_NEAR(lower->num("height") + upper->num("height"), whole->num("height"), 0.03);
  EXPECT_NEAR(lower->num("height") / (y0 - y100), 0.3, 0.001);
  EXPECT_EQ(lower->attr("x"), upper->attr("x"));
  EXPECT_EQ(lower->attr("width"), upper->attr("width"));
  EXPECT_EQ(lower->attr("stroke"), "#ffffff");  // a thin white line between segments
  // The total is labelled, not the segments.
  b.show_values = true;
  Xml v = checked(render_bar_chart(b));
  std::vector<std::string> values;
  for (const Node* n : v.with_class("value-label")) values.push_back(n->text);
  EXPECT_EQ(values, (std::vector<std::string>{"100", "100"}));
}

TEST(Chart, StackedHorizontalBarsAddUp) {
  BarChart b;
  b.id = "hstack";
  b.categories = {"A", "B"};
  b.series = {{"left", {30, 100}}, {"right", {70, std::nullopt}}};
  b.stacked = true;
  b.horizontal = true;
  Xml x = checked(render_bar_chart(b));
  const std::vector<double> grid = gridlines(x, true);
  ASSERT_EQ(grid.size(), 6u);
  const Node* left = marks_for(x, "A left: ").at(0);
  const Node* right = marks_for(x, "A right: ").at(0);
  EXPECT_NEAR(left->num("x"), grid.front(), 0.02);
  EXPECT_NEAR(right->num("x"), left->num("x") + left->num("width"), 0.02);
  EXPECT_NEAR(right->num("x") + right->num("width"), grid.back(), 0.02);
}

TEST(Chart, NegativeBarsHangBelowAZeroLine) {
  BarChart b;
  b.id = "neg";
  b.categories = {"up", "down"};
  b.series = {{"change", {40, -25}}};
  b.show_values = true;
  Xml x = checked(render_bar_chart(b));
  ASSERT_EQ(x.with_class("zero").size(), 1u);
  const double zero = x.with_class("zero")[0]->num("y1");
  const Node* up = marks_for(x, "up change: ").at(0);
  const Node* down = marks_for(x, "down change: ").at(0);
  EXPECT_NEAR(up->num("y") + up->num("height"), zero, 0.02);
  EXPECT_NEAR(down->num("y"), zero, 0.02);
  EXPECT_NEAR(down->num("height") / up->num("height"), 25.0 / 40.0, 0.01);
  const std::vector<std::string> ticks = tick_labels(x);
  EXPECT_NE(std::find(ticks.begin(), ticks.end(), "0"), ticks.end());
  EXPECT_LE(std::stod(ticks.front()), -25);

  b.horizontal = true;
  Xml h = checked(render_bar_chart(b));
  ASSERT_EQ(h.with_class("zero").size(), 1u);
  const double zx = h.with_class("zero")[0]->num("x1");
  EXPECT_NEAR(marks_for(h, "up change: ").at(0)->num("x"), zx, 0.02);
  const Node* hd = marks_for(h, "down change: ").at(0);
  EXPECT_NEAR(hd->num("x") + hd->num("width"), zx, 0.02);
}

TEST(Chart, LineAxisIncludesZeroOrFitsTheData) {
  LineChart c = admissions();
  Xml from_zero = checked(render_line_chart(c));
  EXPECT_EQ(tick_labels(from_zero).front(), "0");
  c.y_from_zero = false;
  Xml fitted = checked(render_line_chart(c));
  const std::vector<std::string> t = tick_labels(fitted);
  EXPECT_NE(t.front(), "0");
  EXPECT_EQ(t.front(), "2,400");  // the lowest value is 2,400
  EXPECT_EQ(t.back(), "3,000");   // the highest 2,950
  // All marks sit inside the plot: between the first and last gridline.
  const std::vector<double> grid = gridlines(fitted, false);
  for (const Node* m : marks(fitted)) {
    if (m->name != "circle") continue;
    EXPECT_LE(m->num("cy"), grid.front() + 0.01);
    EXPECT_GE(m->num("cy"), grid.back() - 0.01);
  }
  // Negative values: the axis goes below zero and keeps it.
  c.y_from_zero = true;
  c.series = {{"net", {-5, 10, -20, 15}}};
  c.categories = {"Q1", "Q2", "Q3", "Q4"};
  const std::vector<std::string> n = tick_labels(checked(render_line_chart(c)));
  EXPECT_NE(std::find(n.begin(), n.end(), "0"), n.end());
  EXPECT_EQ(n.front(), "-20");
}

TEST(Chart, HorizontalBarsShortenLongNamesButKeepThemInTitles) {
  const std::string longest =
      "BCF01 Rapid response and intermediate care at home, including night sitting and reablement";
  BarChart b;
  b.id = "schemes";
  b.title = "Forecast variance by scheme";
  b.horizontal = true;
  b.show_values = true;
  b.format = ValueFormat::kPounds;
  b.categories = {longest, "BCF02 Carers"};
  b.series = {{"Variance", {125000, -45000}}};
  Xml x = checked(render_bar_chart(b));
  ASSERT_TRUE(x.ok());
  std::vector<const Node*> labels = x.with_class("y-label");
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_NE(labels[0]->text, longest);
  EXPECT_NE(labels[0]->text.find("\xE2\x80\xA6"), std::string::npos);  // an ellipsis
  EXPECT_EQ(labels[0]->text.rfind("BCF01 Rapid", 0), 0u);
  EXPECT_EQ(x.title_of(x.at(labels[0]->parent)), longest);
  EXPECT_EQ(labels[1]->text, "BCF02 Carers");
  EXPECT_EQ(x.title_of(*marks(x)[0]), longest +
                                          " Variance: \xC2\xA3"
                                          "125k");
  std::vector<std::string> values;
  for (const Node* n : x.with_class("value-label")) values.push_back(n->text);
  EXPECT_EQ(values, (std::vector<std::string>{"\xC2\xA3"
                                              "125k",
                                              "-\xC2\xA3"
                                              "45k"}));
  // Rows sit one under another, inside the chart.
  const Node* a = marks(x)[0];
  const Node* c = marks(x)[1];
  EXPECT_LE(a->num("y") + a->num("height"), c->num("y"));
  EXPECT_LE(c->num("y") + c->num("height"), x.root().num("height"));
}

TEST(Chart, HorizontalBarsGrowTallerForManyCategories) {
  BarChart b;
  b.id = "many";
  b.horizontal = true;
  b.height = 100;
  for (int i = 0; i < 40; ++i) {
    b.categories.push_back("Provider " + std::to_string(i));
  }
  b.series = {{"Days", std::vector<std::optional<double>>(40, 10.0)}};
  Xml x = checked(render_bar_chart(b));
  EXPECT_GE(x.root().num("height"), 40 * 16);
  const std::vector<const Node*> m = marks(x);
  ASSERT_EQ(m.size(), 40u);
  for (size_t i = 1; i < m.size(); ++i)
    EXPECT_LE(m[i - 1]->num("y") + m[i - 1]->num("height"), m[i]->num("y") + 0.01);
}

// Horizontal category labels are never closer than their estimated width;
// when they would be, they are rotated or thinned out.
TEST(Chart, CategoryLabelsDoNotCollide) {
  LineChart c = admissions();
  Xml twelve = checked(render_line_chart(c));
  std::vector<const Node*> labels = twelve.with_class("x-label");
  ASSERT_EQ(labels.size(), 12u);  // months fit side by side
  for (const Node* l : labels) EXPECT_EQ(l->attr("transform"), "");

  c.categories.clear();
  for (int i = 0; i < 60; ++i) c.categories.push_back("Month " + std::to_string(i + 1));
  c.series = {{"s", std::vector<std::optional<double>>(60, 1.0)}};
  Xml sixty = checked(render_line_chart(c));
  labels = sixty.with_class("x-label");
  ASSERT_FALSE(labels.empty());
  const bool rotated = labels[0]->attr("transform").rfind("rotate(-45", 0) == 0;
  double min_gap = 1e9;
  for (size_t i = 1; i < labels.size(); ++i)
    min_gap = std::min(min_gap, labels[i]->num("x") - labels[i - 1]->num("x"));
  if (rotated) {
    EXPECT_GE(min_gap, 16 - 0.01);  // a line's height apart along the axis
  } else {
    EXPECT_LT(labels.size(), 60u);
    EXPECT_GE(min_gap, 8 * 10 * 0.6);  // "Month 60" at 10px
  }
  EXPECT_EQ(marks(sixty).size(), 60u);

  // Few but long names: rotated, shortened, with the full name kept.
  BarChart b;
  b.id = "long";
  b.width = 320;
  b.categories = {
      "Hospital A NHS Foundation Trust, the Royal Hospital site", "B", "C", "D", "E", "F"};
  b.series = {{"Delays", {1, 2, 3, 4, 5, 6}}};
  Xml bars = checked(render_bar_chart(b));
  labels = bars.with_class("x-label");
  ASSERT_EQ(labels.size(), 6u);
  EXPECT_EQ(labels[0]->attr("transform").rfind("rotate(-45", 0), 0u);
  EXPECT_NE(labels[0]->text, b.categories[0]);
  EXPECT_EQ(bars.title_of(bars.at(labels[0]->parent)), b.categories[0]);
}

// ---------------------------------------------------------------------------
// Awkward input.

TEST(Chart, NoDataCases) {
  auto says_no_data = [](const std::string& svg) {
    Xml x = checked(svg);
    return x.ok() && has_text(x, "No data") && marks(x).empty() && x.with_class("grid").empty();
  };
  LineChart empty;
  empty.id = "e";
  empty.title = "Nothing";
  EXPECT_TRUE(says_no_data(render_line_chart(empty)));
  LineChart no_series = admissions();
  no_series.series.clear();
  EXPECT_TRUE(says_no_data(render_line_chart(no_series)));
  LineChart no_categories = admissions();
  no_categories.categories.clear();
  EXPECT_TRUE(says_no_data(render_line_chart(no_categories)));
  LineChart all_null = admissions();
  for (Series& s : all_null.series) s.values.assign(12, std::nullopt);
  all_null.series[1].values[3] = kNaN;
  all_null.series[2].values[4] = kInf;
  EXPECT_TRUE(says_no_data(render_line_chart(all_null)));
  EXPECT_EQ(checked(render_line_chart(all_null)).with_class("legend").size(), 0u);

  BarChart bars = delays();
  for (Series& s : bars.series) s.values.clear();
  for (bool horizontal : {false, true}) {
    bars.horizontal = horizontal;
    EXPECT_TRUE(says_no_data(render_bar_chart(bars)));
    EXPECT_TRUE(says_no_data(render_bar_chart(BarChart{})));
  }

  Sparkline s;
  s.id = "s";
  EXPECT_TRUE(says_no_data(render_sparkline(s)));
  s.values = {std::nullopt, kNaN};
  s.reference = 3;
  EXPECT_TRUE(says_no_data(render_sparkline(s)));
}

TEST(Chart, AwkwardValuesStayWellFormed) {
  const std::vector<std::vector<std::optional<double>>> cases = {
      {0, 0, 0},               // all zero
      {5},                     // one value, fewer than the categories
      {1e12, 2.5e12, 3e12},    // huge
      {-1e12, 5, 1e12},        // huge, both signs
      {1e300, 1e300, -1e300},  // would overflow a sum
      {1e-9, 2e-9, 3e-9},      // tiny
      {-3, -2, -1},            // all negative
      {7, 7, 7},               // flat
      {kNaN, 4, -kInf},        // non-finite
      {0.1, 0.2, 0.30000000000000004},
  };
  for (const auto& values : cases) {
    for (ValueFormat f : {ValueFormat::kCount, ValueFormat::kPercent, ValueFormat::kPounds,
                          ValueFormat::kDecimal}) {
      LineChart l;
      l.id = "l";
      l.title = "t";
      l.format = f;
      l.categories = {"a", "b", "c"};
      l.series = {{"s", values}, {"t", values, Series::Style::kDotted}};
      for (bool zero : {true, false}) {
        l.y_from_zero = zero;
        Xml x = checked(render_line_chart(l));
        ASSERT_TRUE(x.ok());
        for (const std::string& t : tick_labels(x)) EXPECT_EQ(t.find('e'), std::string::npos) << t;
      }
      BarChart b;
      b.id = "b";
      b.format = f;
      b.categories = {"a", "b", "c"};
      b.series = {{"s", values}, {"t", values}};
      for (int mode = 0; mode < 8; ++mode) {
        b.stacked = mode & 1;
        b.horizontal = mode & 2;
        b.show_values = mode & 4;
        Xml x = checked(render_bar_chart(b));
        ASSERT_TRUE(x.ok());
      }
      Sparkline s;
      s.id = "s";
      s.values = values;
      s.reference = values.front();
      s.format = f;
      checked(render_sparkline(s));
    }
  }
}

TEST(Chart, SingleCategory) {
  LineChart c;
  c.id = "one";
  c.categories = {"2017/18"};
  c.series = {{"Admissions", {30946}}};
  Xml x = checked(render_line_chart(c));
  ASSERT_EQ(marks(x).size(), 1u);
  EXPECT_EQ(x.title_of(*marks(x)[0]), "2017/18 Admissions: 30,946");
  EXPECT_TRUE(x.with_class("line").empty());  // nothing to join
  BarChart b;
  b.id = "oneb";
  b.categories = {"Only"};
  b.series = {{"", {3}}};
  Xml y = checked(render_bar_chart(b));
  ASSERT_EQ(marks(y).size(), 1u);
  EXPECT_EQ(y.title_of(*marks(y)[0]), "Only: 3");
  EXPECT_GT(marks(y)[0]->num("width"), 10);
}

TEST(Chart, SillySizesAreClamped) {
  LineChart c = admissions();
  c.width = -5;
  c.height = 0;
  Xml x = checked(render_line_chart(c));
  EXPECT_GT(x.root().num("width"), 0);
  EXPECT_GT(x.root().num("height"), 0);
  for (const Node* m : marks(x)) {
    if (m->name == "circle") {
      EXPECT_GT(m->num("r"), 0);
    }
  }
}

TEST(Chart, Deterministic) {
  LineChart c = admissions();
  EXPECT_EQ(render_line_chart(c), render_line_chart(LineChart(c)));
  BarChart b = delays();
  b.stacked = true;
  b.show_values = true;
  EXPECT_EQ(render_bar_chart(b), render_bar_chart(b));
  Sparkline s;
  s.values = {1, 2, 3};
  EXPECT_EQ(render_sparkline(s), render_sparkline(s));
}

// ---------------------------------------------------------------------------
// Sparkline.

TEST(Chart, SparklineMarksTheLastPointAndDrawsTheReference) {
  Sparkline s;
  s.id = "trend";
  s.title = "Admissions";
  s.desc = "Admissions by month, against plan";
  s.values = {3, 4, 5, std::nullopt, 6, 5, 7, 8, std::nullopt};
  s.reference = 5.5;
  Xml x = checked(render_sparkline(s));
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x.root().attr("width"), "120");
  EXPECT_EQ(x.root().attr("aria-labelledby"), "trend-title trend-desc");
  ASSERT_EQ(marks(x).size(), 1u);
  const Node& last = *marks(x)[0];
  EXPECT_EQ(x.title_of(last), "Latest: 8");
  ASSERT_EQ(x.with_class("line").size(), 1u);
  const std::string d = x.with_class("line")[0]->attr("d");
  EXPECT_EQ(std::count(d.begin(), d.end(), 'M'), 2);  // broken at the gap
  // The dot is the rightmost and highest (8 is the largest) point.
  const std::vector<std::string> coords = numbers_in(d);
  ASSERT_EQ(coords.size(), 14u);  // 7 points
  for (size_t i = 0; i + 1 < coords.size(); i += 2) {
    EXPECT_LE(std::stod(coords[i]), last.num("cx") + 0.01);
    EXPECT_GE(std::stod(coords[i + 1]), last.num("cy") - 0.01);
  }
  ASSERT_EQ(x.with_class("reference").size(), 1u);
  const Node& ref = *x.with_class("reference")[0];
  EXPECT_NE(ref.attr("stroke-dasharray"), "");
  EXPECT_GT(ref.num("y1"), last.num("cy"));  // 5.5 is below 8
  // No axes, no legend.
  EXPECT_TRUE(x.with_class("grid").empty());
  EXPECT_TRUE(x.with_class("legend").empty());
  EXPECT_TRUE(x.with_class("tick-label").empty());
  s.reference.reset();
  EXPECT_TRUE(checked(render_sparkline(s)).with_class("reference").empty());
}

// ---------------------------------------------------------------------------
// Ticks, numbers, palette.

void expect_ticks(double lo, double hi, int target, const std::vector<double>& want) {
  const std::vector<double> got = nice_ticks(lo, hi, target);
  ASSERT_EQ(got.size(), want.size()) << lo << ".." << hi;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-9) << lo << ".." << hi;
}

TEST(NiceTicks, Examples) {
  expect_ticks(0, 97, 5, {0, 20, 40, 60, 80, 100});
  expect_ticks(0, 1, 5, {0, 0.2, 0.4, 0.6, 0.8, 1});
  expect_ticks(1234, 1290, 5, {1230, 1240, 1250, 1260, 1270, 1280, 1290});
  expect_ticks(-35, 12, 5, {-40, -30, -20, -10, 0, 10, 20});
  expect_ticks(-97, 0, 5, {-100, -80, -60, -40, -20, 0});
  expect_ticks(0, 10, 4, {0, 2.5, 5, 7.5, 10});
  expect_ticks(0, 3e12, 5, {0, 5e11, 1e12, 1.5e12, 2e12, 2.5e12, 3e12});
  expect_ticks(97, 0, 5, {0, 20, 40, 60, 80, 100});  // either order
  // Decimal steps are exact decimals, as they will be printed.
  EXPECT_EQ(nice_ticks(0, 1)[3], 0.6);
  EXPECT_EQ(nice_ticks(0.1, 0.35)[2], 0.2);
}

TEST(NiceTicks, AlwaysCoverTheRangeWithNiceSteps) {
  const std::vector<std::pair<double, double>> ranges = {
      {0, 97},       {3, 3},          {0, 0},          {-5, -5},       {1234, 1290},
      {-1e12, 1e12}, {0.001, 0.0013}, {-1, 1},         {1e300, 1e300}, {-1e300, 1e300},
      {kNaN, 5},     {-kInf, kInf},   {1e15, 1e15 + 3}};
  for (auto [lo, hi] : ranges) {
    for (int target : {-3, 0, 1, 2, 5, 10, 1000}) {
      const std::vector<double> t = nice_ticks(lo, hi, target);
      ASSERT_GE(t.size(), 2u) << lo << ".." << hi << " " << target;
      EXPECT_LE(t.size(), 200u);
      for (size_t i = 1; i < t.size(); ++i) EXPECT_GT(t[i], t[i - 1]) << lo << ".." << hi;
      for (double v : t) EXPECT_TRUE(std::isfinite(v));
      const double a = std::isfinite(lo) ? lo : 0, b = std::isfinite(hi) ? hi : 0;
      EXPECT_LE(t.front(), std::min(a, b) + std::abs(std::min(a, b)) * 1e-12);
      EXPECT_GE(t.back(), std::max(a, b) - std::abs(std::max(a, b)) * 1e-12);
      // The step is 1, 2, 2.5 or 5 times a power of ten.
      const double step = t[1] - t[0];
      const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
      bool nice = false;
      for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) nice |= std::abs(mantissa - m) < 1e-6;
      EXPECT_TRUE(nice) << "step " << step << " for " << lo << ".." << hi;
    }
  }
  // One value: the axis is widened around it.
  const std::vector<double> flat = nice_ticks(5, 5);
  EXPECT_LT(flat.front(), 5);
  EXPECT_GT(flat.back(), 5);
  EXPECT_EQ(nice_ticks(0, 0).front(), 0);
  EXPECT_EQ(nice_ticks(0, 0).back(), 1);
}

TEST(FormatValue, Examples) {
  EXPECT_EQ(format_value(12345, ValueFormat::kCount), "12,345");
  EXPECT_EQ(format_value(2.5, ValueFormat::kCount), "2.5");
  EXPECT_EQ(format_value(0, ValueFormat::kCount), "0");
  EXPECT_EQ(format_value(-1234567, ValueFormat::kCount), "-1,234,567");
  EXPECT_EQ(format_value(999, ValueFormat::kCount), "999");
  EXPECT_EQ(format_value(1000, ValueFormat::kCount), "1,000");
  EXPECT_EQ(format_value(1e12, ValueFormat::kCount), "1,000,000,000,000");
  EXPECT_EQ(format_value(5.4, ValueFormat::kPercent), "5.4%");
  EXPECT_EQ(format_value(100, ValueFormat::kPercent), "100.0%");
  EXPECT_EQ(format_value(-0.04, ValueFormat::kPercent), "0.0%");  // no "-0.0%"
  EXPECT_EQ(format_value(-2.25, ValueFormat::kPercent).front(), '-');
  EXPECT_EQ(format_value(1200000, ValueFormat::kPounds),
            "\xC2\xA3"
            "1.2m");
  EXPECT_EQ(format_value(120000, ValueFormat::kPounds),
            "\xC2\xA3"
            "120k");
  EXPECT_EQ(format_value(950, ValueFormat::kPounds),
            "\xC2\xA3"
            "950");
  EXPECT_EQ(format_value(1500, ValueFormat::kPounds),
            "\xC2\xA3"
            "1.5k");
  EXPECT_EQ(format_value(-1260000, ValueFormat::kPounds),
            "-\xC2\xA3"
            "1.3m");
  EXPECT_EQ(format_value(-45000, ValueFormat::kPounds),
            "-\xC2\xA3"
            "45k");
  EXPECT_EQ(format_value(999999, ValueFormat::kPounds),
            "\xC2\xA3"
            "1.0m");  // not £1000k
  EXPECT_EQ(format_value(999.7, ValueFormat::kPounds),
            "\xC2\xA3"
            "1.0k");  // not £1000
  EXPECT_EQ(format_value(2.5e9, ValueFormat::kPounds),
            "\xC2\xA3"
            "2.5bn");
  EXPECT_EQ(format_value(0, ValueFormat::kPounds),
            "\xC2\xA3"
            "0");
  EXPECT_EQ(format_value(12.34, ValueFormat::kDecimal), "12.3");
  EXPECT_EQ(format_value(1234.56, ValueFormat::kDecimal), "1,234.6");
  for (ValueFormat f :
       {ValueFormat::kCount, ValueFormat::kPercent, ValueFormat::kPounds, ValueFormat::kDecimal}) {
    EXPECT_EQ(format_value(kNaN, f), "-");
    EXPECT_EQ(format_value(kInf, f), "-");
    EXPECT_EQ(format_value(1e300, f).find('e'), std::string::npos);
  }
}

TEST(Chart, TickLabelsUseTheStepsPrecision) {
  LineChart c;
  c.id = "pounds";
  c.format = ValueFormat::kPounds;
  c.categories = {"a", "b"};
  c.series = {{"s", {0, 1.2e6}}};
  const std::vector<std::string> t = tick_labels(checked(render_line_chart(c)));
  // 0, £250k, £500k, £750k, £1m, £1.25m: each distinct and exact.
  EXPECT_EQ(std::set<std::string>(t.begin(), t.end()).size(), t.size());
  EXPECT_NE(std::find(t.begin(), t.end(),
                      "\xC2\xA3"
                      "1.25m"),
            t.end());
  EXPECT_NE(std::find(t.begin(), t.end(),
                      "\xC2\xA3"
                      "250k"),
            t.end());
  c.format = ValueFormat::kPercent;
  c.series = {{"s", {0, 0.09}}};
  const std::vector<std::string> p = tick_labels(checked(render_line_chart(c)));
  EXPECT_EQ(p, (std::vector<std::string>{"0%", "0.02%", "0.04%", "0.06%", "0.08%", "0.1%"}));
  // Counts never get fractional steps.
  c.format = ValueFormat::kCount;
  c.series = {{"s", {0, 2}}};
  const std::vector<std::string> n = tick_labels(checked(render_line_chart(c)));
  for (const std::string& label : n) EXPECT_EQ(label.find('.'), std::string::npos) << label;
}

// WCAG 2.x contrast ratio of a "#RRGGBB" colour against white.
using contrast::contrast_on_white;

// The Okabe-Ito hues, the light ones darkened: eight distinct colours,
// each with 3:1 or more against white (WCAG 1.4.11, non-text contrast).
// The original orange (#E69F00) is 2.25:1 and would fail.
TEST(Palette, OkabeItoHuesEachWithThreeToOneContrast) {
  const std::vector<std::string>& p = palette();
  ASSERT_EQ(p.size(), 8u);
  EXPECT_EQ(std::set<std::string>(p.begin(), p.end()).size(), 8u);
  for (const std::string& c : p) EXPECT_GE(contrast_on_white(c), 3.0) << c;
  EXPECT_LT(contrast_on_white("#E69F00"), 3.0);  // the check can fail
  EXPECT_NEAR(contrast_on_white("#000000"), 21.0, 1e-9);
  // Series take the palette in order.
  Xml x = checked(render_bar_chart(delays()));
  EXPECT_EQ(marks_for(x, "Apr NHS").at(0)->attr("fill"), p[0]);
  EXPECT_EQ(marks_for(x, "Apr Social Care").at(0)->attr("fill"), p[1]);
  EXPECT_EQ(marks_for(x, "Apr Both").at(0)->attr("fill"), p[2]);
}

}  // namespace
}  // namespace bc::report
