#include "store/check_lists.h"

#include <fmt/format.h>

#include <cctype>
#include <regex>
#include <utility>
#include <vector>

namespace bc {
namespace {

// A literal of a list: a quoted string (with '' for a quote) or an integer.
constexpr std::string_view kLiteral = R"('(?:[^']|'')*'|-?[0-9]+)";

const std::regex& list_pattern() {
  static const std::regex pattern(
      fmt::format(R"(\b([A-Za-z_][A-Za-z0-9_]*)\s+IN\s*\(\s*((?:{0})(?:\s*,\s*(?:{0}))+)\s*\))",
                  kLiteral),
      std::regex::icase);
  return pattern;
}

const std::regex& literal_pattern() {
  static const std::regex pattern{std::string(kLiteral)};
  return pattern;
}

bool is_keyword_before_in(const std::string& word) {
  std::string upper;
  for (char c : word) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "NOT" || upper == "END";  // NOT IN, CASE ... END IN: not a column's list
}

// Leaves `writable_schema` off whatever happens.
struct WritableSchema {
  Db& db;
  ~WritableSchema() { (void)db.exec("PRAGMA writable_schema = OFF"); }
};

}  // namespace

std::string expand_in_lists(std::string_view sql) {
  std::string out;
  size_t done = 0;
  const char* base = sql.data();
  for (std::cregex_iterator it(base, base + sql.size(), list_pattern()), end; it != end; ++it) {
    const std::cmatch& m = *it;
    const std::string name = m[1].str();
    if (is_keyword_before_in(name)) continue;
    const auto at = static_cast<size_t>(m.position(0));
    out.append(sql.substr(done, at - done));
    out += '(';
    const std::string list = m[2].str();
    bool first = true;
    for (std::sregex_iterator lit(list.begin(), list.end(), literal_pattern()), stop; lit != stop;
         ++lit) {
      out += fmt::format("{}{} = {}", first ? "" : " OR ", name, lit->str());
      first = false;
    }
    out += ')';
    done = at + static_cast<size_t>(m.length(0));
  }
  out.append(sql.substr(done));
  return out;
}

Status expand_sqlite_check_lists(Db& db) {
  std::vector<std::pair<std::string, std::string>> changed;  // table, new text
  {
    auto tables =
        db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
    if (!tables.ok()) return tables.status();
    Status s;
    while (tables->step(&s)) {
      std::string sql = tables->text(1);
      std::string expanded = expand_in_lists(sql);
      if (expanded != sql) changed.emplace_back(tables->text(0), std::move(expanded));
    }
    if (!s.ok()) return s;
  }
  if (changed.empty()) return Status();
  auto version = db.query_int("PRAGMA schema_version");
  if (!version.ok()) return version.status();
  {
    if (Status s = db.exec("PRAGMA writable_schema = ON"); !s.ok()) return s;
    WritableSchema off{db};
    auto update = db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?");
    if (!update.ok()) return update.status();
    for (const auto& [table, sql] : changed) {
      update->bind(1, sql).bind(2, table);
      if (Status s = update->run(); !s.ok()) return s;
    }
    // Every connection, this one too, reads the schema again.
    if (Status s = db.exec(fmt::format("PRAGMA schema_version = {}", version->value_or(0) + 1));
        !s.ok()) {
      return s;
    }
  }
  for (const auto& [table, sql] : changed) {
    if (Status s = db.exec(fmt::format("SELECT * FROM \"{}\" LIMIT 0", table)); !s.ok()) {
      return Status::store_error(fmt::format(
          "the CHECK constraints of table {} could not be rewritten: {}", table, s.message()));
    }
  }
  return Status();
}

}  // namespace bc
