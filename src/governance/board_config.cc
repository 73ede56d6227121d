#include "governance/board_config.h"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <cstdlib>

#include "core/toml_guard.h"

namespace bc::embedded {
extern const std::string_view kBoardsToml;  // config/boards.toml
}

namespace bc {
namespace {

constexpr int kMaxCount = 100;  // no board has more members than this

// The whole number at `key` of `t`, 0 when absent; an error when it is not
// a whole number from 0 to kMaxCount.
Result<int> count_at(const toml::table& t, std::string_view key, std::string_view where) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return 0;
  const auto v = n->value<int64_t>();
  if (!v || *v < 0 || *v > kMaxCount || !n->is_integer()) {
    return Status::invalid_data(
        fmt::format("{}: {} must be a whole number from 0 to {}", where, key, kMaxCount));
  }
  return static_cast<int>(*v);
}

Status read_quorum(const toml::table* q, std::string_view where, QuorumRule* out) {
  if (q == nullptr) return Status::invalid_data(fmt::format("{}: no [board.quorum]", where));
  auto members = count_at(*q, "members", where);
  auto per_partner = count_at(*q, "per_partner", where);
  auto organisations = count_at(*q, "organisations", where);
  for (const auto* r : {&members, &per_partner, &organisations}) {
    if (!r->ok()) return r->status();
  }
  out->members = *members;
  out->per_partner = *per_partner;
  out->organisations = *organisations;
  out->chair = (*q)["chair"].value_or(false);
  if (out->members == 0 && out->per_partner == 0 && out->organisations == 0 && !out->chair) {
    return Status::invalid_data(fmt::format("{}: the quorum rule requires nothing", where));
  }
  return Status();
}

Status read_notice(const toml::table* n, std::string_view where, NoticeRule* out) {
  if (n == nullptr) return Status::invalid_data(fmt::format("{}: no [board.notice]", where));
  auto papers = count_at(*n, "papers_clear_working_days", where);
  auto key = count_at(*n, "key_decision_days", where);
  auto part2 = count_at(*n, "part2_days", where);
  for (const auto* r : {&papers, &key, &part2}) {
    if (!r->ok()) return r->status();
  }
  out->papers_clear_working_days = *papers;
  out->key_decision_days = *key;
  out->part2_days = *part2;
  return Status();
}

Result<BoardDef> read_board(const toml::table& t, std::string_view src) {
  BoardDef d;
  d.id = t["id"].value_or(std::string());
  if (d.id.empty() || d.id.size() > 32) {
    return Status::invalid_data(fmt::format("{}: a board's id must be 1 to 32 characters", src));
  }
  const std::string where = fmt::format("{}: board {}", src, d.id);
  d.name = t["name"].value_or(d.id);
  d.chair = t["chair"].value_or(std::string());
  d.frequency = t["frequency"].value_or(std::string());
  if (d.frequency != "monthly" && d.frequency != "bimonthly" && d.frequency != "quarterly") {
    return Status::invalid_data(
        fmt::format("{}: frequency must be monthly, bimonthly or quarterly", where));
  }
  d.reports = t["reports"].value_or(std::string());
  if (d.reports != "" && d.reports != "jcb" && d.reports != "hwb") {
    return Status::invalid_data(
        fmt::format("{}: reports must be \"jcb\" or \"hwb\" (the scheme reports' steps the board "
                    "takes), or absent",
                    where));
  }
  const toml::array* partners = t["partners"].as_array();
  if (partners == nullptr) {
    return Status::invalid_data(fmt::format("{}: partners must be a list of partner codes", where));
  }
  for (const auto& p : *partners) {
    const auto code = p.value<std::string>();
    if (!code || code->empty()) {
      return Status::invalid_data(fmt::format("{}: partners must be partner codes", where));
    }
    d.partners.push_back(*code);
  }
  if (Status s = read_quorum(t["quorum"].as_table(), where, &d.quorum); !s.ok()) return s;
  if (d.quorum.per_partner > 0 && d.partners.empty()) {
    return Status::invalid_data(
        fmt::format("{}: the quorum counts members per partner but partners is empty", where));
  }
  if (Status s = read_notice(t["notice"].as_table(), where, &d.notice); !s.ok()) return s;
  return d;
}

}  // namespace

Result<BoardsConfig> BoardsConfig::parse(std::string_view text, std::string_view src) {
  auto parsed = parse_user_toml(text, src);
  if (!parsed.ok()) return parsed.status();
  const toml::array* list = (*parsed)["board"].as_array();
  if (list == nullptr || list->empty()) {
    return Status::invalid_data(fmt::format("{}: no [[board]] entries", src));
  }
  BoardsConfig out;
  for (const auto& node : *list) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      return Status::invalid_data(fmt::format("{}: every [[board]] must be a table", src));
    }
    auto d = read_board(*t, src);
    if (!d.ok()) return d.status();
    if (out.find(d->id) != nullptr) {
      return Status::invalid_data(fmt::format("{}: board {} is given twice", src, d->id));
    }
    out.boards.push_back(std::move(*d));
  }
  return out;
}

const BoardsConfig& BoardsConfig::builtin() {
  static const BoardsConfig kConfig = [] {
    auto r = parse(embedded::kBoardsToml, "config/boards.toml");
    if (!r.ok()) {
      fmt::print(stderr, "bettercare: the built-in boards are invalid: {}\n", r.error());
      std::abort();
    }
    return *r;
  }();
  return kConfig;
}

const BoardDef* BoardsConfig::find(std::string_view id) const {
  for (const auto& b : boards) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

std::vector<std::string> BoardsConfig::ids() const {
  std::vector<std::string> out;
  for (const auto& b : boards) out.push_back(b.id);
  return out;
}

std::string describe(const QuorumRule& rule, const std::vector<std::string>& partners) {
  std::vector<std::string> parts;
  if (rule.members > 0) parts.push_back(fmt::format("at least {} members", rule.members));
  if (rule.per_partner > 0) {
    parts.push_back(
        fmt::format("at least {} from each of {}", rule.per_partner, fmt::join(partners, ", ")));
  }
  if (rule.organisations > 0) {
    parts.push_back(fmt::format("from at least {} organisations", rule.organisations));
  }
  if (rule.chair) parts.push_back("the chair present");
  return fmt::format("{}", fmt::join(parts, ", with "));
}

}  // namespace bc
