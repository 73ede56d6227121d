// Runs every tests/golden/present/*.test case (see tests/golden/README.md):
// a metric row written out field by field, rendered by the real code of one
// renderer (the CLI's table line, the web tile, the performance report's
// summary row), compared with the expected text exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/metrics_table.h"
#include "report/html.h"
#include "report/performance_report.h"
#include "web/tile.h"

namespace bc::test {
namespace {

namespace fs = std::filesystem;

struct PresentCase {
  std::string file;
  int line = 0;
  std::map<std::string, std::string> row, def;
  std::string render, expected;
};

void PrintTo(const PresentCase& c, std::ostream* os) {
  *os << c.file << ":" << c.line;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// "a=1; b=two words" -> {a: 1, b: two words}.
std::map<std::string, std::string> fields(const std::string& s, const std::string& where) {
  std::map<std::string, std::string> out;
  std::istringstream in(s);
  for (std::string part; std::getline(in, part, ';');) {
    if (trim(part).empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string::npos) throw std::runtime_error(where + ": no '=' in '" + part + "'");
    out[trim(part.substr(0, eq))] = trim(part.substr(eq + 1));
  }
  return out;
}

// Each line without its trailing spaces: the CLI pads its last column, and
// editors strip what a reader cannot see.
std::string strip_line_ends(const std::string& s) {
  std::istringstream in(s);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::vector<PresentCase> load_cases() {
  std::vector<PresentCase> out;
  fs::path dir = fs::path(BC_SOURCE_DIR) / "tests" / "golden" / "present";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    PresentCase c;
    c.file = f.filename().string();
    bool in_expected = false;
    int n = 0;
    auto where = [&] { return c.file + ":" + std::to_string(n); };
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (line == "====") {
        out.push_back(c);
        c = PresentCase{c.file, 0, {}, {}, "", ""};
        in_expected = false;
      } else if (in_expected) {
        c.expected += line + "\n";
      } else if (line == "----") {
        in_expected = true;
      } else if (line.rfind("row: ", 0) == 0) {
        c.row = fields(line.substr(5), where());
        if (c.line == 0) c.line = n;
      } else if (line.rfind("def: ", 0) == 0) {
        c.def = fields(line.substr(5), where());
      } else if (line.rfind("render: ", 0) == 0) {
        c.render = trim(line.substr(8));
      }
    }
    if (!c.render.empty()) out.push_back(c);
  }
  return out;
}

std::optional<double> number(const std::map<std::string, std::string>& f, const char* key) {
  auto it = f.find(key);
  if (it == f.end() || it->second.empty()) return std::nullopt;
  return std::stod(it->second);
}

bool flag(const std::map<std::string, std::string>& f, const char* key, bool otherwise) {
  auto it = f.find(key);
  return it == f.end() ? otherwise : it->second == "true";
}

std::string text(const std::map<std::string, std::string>& f, const char* key,
                 const std::string& otherwise = "") {
  auto it = f.find(key);
  return it == f.end() ? otherwise : it->second;
}

MetricUnit unit_named(const std::string& s) {
  for (MetricUnit u :
       {MetricUnit::kCount, MetricUnit::kPercent, MetricUnit::kPer100k, MetricUnit::kPounds}) {
    if (unit_name(u) == s) return u;
  }
  throw std::runtime_error("unknown unit '" + s + "' (count, percent, per_100k, pounds)");
}

std::optional<Rag> rag_named(const std::string& s) {
  for (Rag r : {Rag::kGreen, Rag::kAmber, Rag::kRed}) {
    if (rag_name(r) == s) return r;
  }
  if (!s.empty()) throw std::runtime_error("unknown RAG '" + s + "' (Green, Amber, Red)");
  return std::nullopt;
}

std::optional<Comparison> comparison_named(const std::string& s) {
  for (Comparison c : {Comparison::kBetter, Comparison::kFlat, Comparison::kWorse}) {
    if (comparison_name(c) == s) return c;
  }
  if (!s.empty()) throw std::runtime_error("unknown comparison '" + s + "' (Better, Flat, Worse)");
  return std::nullopt;
}

// The row a case describes. Keys (all optional but metric): metric, period,
// unit, value, numerator, denominator, plan, variance_pct, rag,
// previous_value, change_pct, change_pp, comparison, complete, missing
// (months, comma-separated), note, suppressed, previous_suppressed,
// unknown, provisional, cohort, local_monitoring, ci_lower, ci_upper,
// population, group (dimension:value, comma-separated; an empty value is
// unlinked).
MetricRow row_of(const std::map<std::string, std::string>& f) {
  MetricRow r;
  r.metric = text(f, "metric");
  r.period = text(f, "period", "2017/18");
  r.unit = unit_named(text(f, "unit", "count"));
  r.value = number(f, "value");
  r.numerator = number(f, "numerator").value_or(r.value.value_or(0));
  r.denominator = number(f, "denominator");
  r.plan = number(f, "plan");
  r.variance_pct = number(f, "variance_pct");
  r.rag = rag_named(text(f, "rag"));
  r.previous_value = number(f, "previous_value");
  r.change_pct = number(f, "change_pct");
  r.change_pp = number(f, "change_pp");
  r.comparison = comparison_named(text(f, "comparison"));
  r.complete = flag(f, "complete", true);
  std::istringstream missing(text(f, "missing"));
  for (std::string m; std::getline(missing, m, ',');) r.missing.push_back(trim(m));
  r.note = text(f, "note");
  r.suppressed = flag(f, "suppressed", false);
  r.previous_suppressed = flag(f, "previous_suppressed", false);
  if (auto u = number(f, "unknown")) r.unknown = static_cast<int64_t>(*u);
  r.provisional = flag(f, "provisional", false);
  if (f.count("cohort")) r.cohort = text(f, "cohort");
  r.local_monitoring = flag(f, "local_monitoring", false);
  r.ci_lower = number(f, "ci_lower");
  r.ci_upper = number(f, "ci_upper");
  r.population = text(f, "population");
  std::istringstream group(text(f, "group"));
  for (std::string g; std::getline(group, g, ',');) {
    size_t colon = g.find(':');
    auto dim = dimension_named(trim(g.substr(0, colon)));
    if (!dim) throw std::runtime_error("unknown dimension in group '" + g + "'");
    std::string v = colon == std::string::npos ? "" : trim(g.substr(colon + 1));
    r.group.push_back({*dim, v.empty() ? std::nullopt : std::optional(v)});
  }
  return r;
}

// The metric's definition, as far as the renderers read it: id (the row's
// metric), short_name, name, lower_is_better.
MetricDef def_of(const std::map<std::string, std::string>& f, const MetricRow& r) {
  MetricDef m;
  m.id = r.metric;
  m.name = text(f, "name", r.metric);
  m.short_name = text(f, "short_name", m.name);
  m.unit = r.unit;
  m.lower_is_better = flag(f, "lower_is_better", true);
  return m;
}

// Renders a case with the renderer it names: cli, tile or summary.
std::string render(const PresentCase& c) {
  const MetricRow r = row_of(c.row);
  const MetricDef m = def_of(c.def, r);
  if (c.render == "cli") {
    const size_t width = cli::metrics_table_width({r});
    return cli::metrics_table_line(r, width) + "\n";
  }
  if (c.render == "tile") {
    web::Tile t;
    t.metric = &m;
    t.row = r;
    t.show_rag = flag(c.def, "show_rag", true);
    t.href = "/metrics/" + m.id;
    t.id = "tile-" + m.id;
    return web::render_tile(t);
  }
  if (c.render == "summary") {
    return report::summary_row_html(m, r, r.period, text(c.def, "when", "year to date"),
                                    /*spc_html=*/"",
                                    report::text_to_html(text(c.def, "commentary", "None.")));
  }
  throw std::runtime_error("unknown render '" + c.render + "' (cli, tile, summary)");
}

class PresentGolden : public ::testing::TestWithParam<PresentCase> {};

TEST_P(PresentGolden, RenderingMatches) {
  const PresentCase& c = GetParam();
  ASSERT_FALSE(c.row.empty()) << c.file << ":" << c.line << ": a case needs a row";
  std::string actual;
  try {
    actual = render(c);
  } catch (const std::exception& e) {
    FAIL() << c.file << ":" << c.line << ": " << e.what();
  }
  EXPECT_EQ(strip_line_ends(actual), strip_line_ends(c.expected))
      << c.file << ":" << c.line << ": render " << c.render << "; rendered:\n"
      << actual << "====";
}

INSTANTIATE_TEST_SUITE_P(Cases, PresentGolden, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<PresentCase>& p) {
                           return p.param.file.substr(0, p.param.file.find('.')) + "_line" +
                                  std::to_string(p.param.line);
                         });

}  // namespace
}  // namespace bc::test
