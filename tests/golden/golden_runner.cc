// Runs every tests/golden/*.test case (see tests/golden/README.md): a
// command of the real binary against an imported fixture, compared with the
// expected output exactly.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>

#include "../cli/harness.h"

namespace bc::test {
namespace {

struct GoldenCase {
  std::string file;
  int line = 0;
  std::string fixture, import_args, command, expected;
};

void PrintTo(const GoldenCase& c, std::ostream* os) {
  *os << c.file << ":" << c.line;
}

std::vector<GoldenCase> load_cases() {
  std::vector<GoldenCase> out;
  fs::path dir = fs::path(BC_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::istringstream in(read_file(f));
    GoldenCase c;
    c.file = f.filename().string();
    bool in_expected = false;
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (line == "====") {
        out.push_back(c);
        c = GoldenCase{c.file, 0, "", "", "", ""};
        in_expected = false;
      } else if (in_expected) {
        c.expected += line + "\n";
      } else if (line == "----") {
        in_expected = true;
      } else if (line.rfind("fixture: ", 0) == 0) {
        c.fixture = line.substr(9);
        if (c.line == 0) c.line = n;
      } else if (line.rfind("import: ", 0) == 0) {
        c.import_args = line.substr(8);
      } else if (line.rfind("command: ", 0) == 0) {
        c.command = line.substr(9);
        if (c.line == 0) c.line = n;
      }
    }
    if (!c.command.empty()) out.push_back(c);
  }
  return out;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Every case runs with the same site keys (store/site_keys.h), so that
// figures perturbed by their cell key (engine/disclosure.h) are the same in
// every run: a golden pins them down like any other figure.
const std::string kKeys = "BETTERCARE_KEY=" + std::string(64, '1') + ":" + std::string(64, '2');

class Golden : public ::testing::TestWithParam<GoldenCase> {
 protected:
  // One imported store per fixture and import options, shared by the cases
  // that use them.
  static fs::path store_for(const std::string& fixture_name, const std::string& import_args) {
    static std::map<std::string, std::unique_ptr<TempDir>> stores;
    auto& dir = stores[fixture_name + "\n" + import_args];
    if (!dir) {
      dir = std::make_unique<TempDir>();
      EXPECT_EQ(run_bc(*dir, {"init"}, kKeys).code, 0);
      std::vector<std::string> args = {"import"};
      for (const auto& w : split_words(import_args)) args.push_back(w);
      // "metrics+ons": several fixture directories, imported as one batch.
      std::string rest = fixture_name;
      for (size_t plus; (plus = rest.find('+')) != std::string::npos; rest = rest.substr(plus + 1))
        args.push_back(fixture(rest.substr(0, plus)).string());
      args.push_back(fixture(rest).string());
      RunResult r = run_bc(*dir, args, kKeys);
      EXPECT_EQ(r.code, 0) << r.err;
    }
    return dir->path();
  }
};

TEST_P(Golden, OutputMatches) {
  const GoldenCase& c = GetParam();
  ASSERT_FALSE(c.fixture.empty()) << "a case needs a fixture";
  ASSERT_FALSE(c.command.empty()) << "a case needs a command";
  TempDir cwd;
  std::vector<std::string> args;
  // "fixture: none": a command that reads no store (spc --values).
  if (c.fixture != "none") {
    fs::path dir = store_for(c.fixture, c.import_args);
    args = {"--db", (dir / "bettercare.db").string()};
  }
  for (const auto& w : split_words(c.command)) args.push_back(w);
  RunResult r = run_bc(cwd, args, kKeys);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, c.expected) << c.file << ":" << c.line << ": " << c.command;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& p) {
                           std::string name = p.param.file.substr(0, p.param.file.find('.')) +
                                              "_line" + std::to_string(p.param.line);
                           return name;
                         });

}  // namespace
}  // namespace bc::test
