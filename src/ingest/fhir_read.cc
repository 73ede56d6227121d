// Reading FHIR files into resources, within limits, and the JSON and
// reference helpers of the FHIR reader (fhir_internal.h).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/file_checks.h"
#include "core/safe_text.h"
#include "core/utf8.h"
#include "ingest/fhir_internal.h"

namespace bc {

namespace {
bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != suffix[i]) return false;
  }
  return true;
}
}  // namespace

bool is_fhir_path(std::string_view path) {
  return ends_with_nocase(path, ".json") || ends_with_nocase(path, ".ndjson");
}

namespace fhir {

Problem Problems::make(const Where& w, std::string field, std::string_view value,
                       std::string reason) const {
  Problem p{files_[static_cast<size_t>(w.file)], w.line, std::move(field),
            value.empty() ? "(missing)" : printable(value), std::move(reason)};
  if (w.entry >= 0) p.place = fmt::format("entry[{}]", w.entry);
  return p;
}

void Problems::error(const Where& w, std::string field, std::string_view value,
                     std::string reason) {
  if (errors_.size() < max_) errors_.push_back(make(w, std::move(field), value, std::move(reason)));
  ++error_count_;
}

void Problems::warning(const Where& w, std::string field, std::string_view value,
                       std::string reason) {
  if (warnings_.size() < max_) {
    warnings_.push_back(make(w, std::move(field), value, std::move(reason)));
  }
  ++warning_count_;
}

void Problems::move_into(FhirBatch& batch) {
  batch.errors = std::move(errors_);
  batch.error_count = error_count_;
  batch.warnings = std::move(warnings_);
  batch.warning_count = warning_count_;
}

std::string str(const Json& j, std::string_view key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& arr(const Json& j, std::string_view key) {
  static const Json kEmpty = Json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

const Json& obj(const Json& j, std::string_view key) {
  static const Json kEmpty = Json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

std::string identifier_value(const Json& j, std::string_view system) {
  // A resource's identifiers are an array; a Reference's is one object.
  if (const Json& one = obj(j, "identifier"); str(one, "system") == system) {
    return str(one, "value");
  }
  for (const Json& id : arr(j, "identifier")) {
    if (str(id, "system") == system) return str(id, "value");
  }
  return "";
}

std::vector<std::string> reference_keys(const Json& resource, const std::string& full_url) {
  std::vector<std::string> keys;
  const std::string type = str(resource, "resourceType");
  if (std::string id = str(resource, "id"); !id.empty()) keys.push_back(type + "/" + id);
  if (!full_url.empty()) keys.push_back(full_url);
  for (const Json& id : arr(resource, "identifier")) {
    std::string system = str(id, "system"), value = str(id, "value");
    if (!value.empty()) keys.push_back(type + "?identifier=" + system + "|" + value);
  }
  return keys;
}

std::vector<std::string> lookup_keys(const Json& reference, std::string_view type) {
  std::vector<std::string> keys;
  std::string ref = str(reference, "reference");
  if (!ref.empty()) {
    keys.push_back(ref);
    // An absolute reference ("https://server/fhir/Patient/123") also
    // matches the resource by its type and id.
    const std::string marker = "/" + std::string(type) + "/";
    if (size_t at = ref.rfind(marker); at != std::string::npos && ref.find("://") != ref.npos) {
      keys.push_back(ref.substr(at + 1));
    }
  }
  const Json& id = obj(reference, "identifier");
  if (std::string value = str(id, "value"); !value.empty()) {
    keys.push_back(std::string(type) + "?identifier=" + str(id, "system") + "|" + value);
  }
  return keys;
}

namespace {

template <typename T>
const T* find_in(const std::unordered_map<std::string, size_t>& by_key, const std::vector<T>& all,
                 const Json& reference, std::string_view type) {
  for (const std::string& key : lookup_keys(reference, type)) {
    if (auto it = by_key.find(key); it != by_key.end()) return &all[it->second];
  }
  return nullptr;
}

// The deepest nesting of arrays and objects in a JSON text, counted outside
// strings, stopping early past `limit`: checked before parsing, so that a
// hostile file cannot make the parser or the value's destructor recurse
// without bound.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// Parses one JSON text, or says why not.
std::optional<Json> parse_json(std::string_view text, std::string* why) {
  if (nesting_depth(text, kMaxFhirDepth) > kMaxFhirDepth) {
    *why = fmt::format("nested more than {} levels deep", kMaxFhirDepth);
    return std::nullopt;
  }
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    // The parser's message names the byte and what it expected; it quotes
    // no more than a token of the input.
    *why = fmt::format("not valid JSON: {}", e.what());
    return std::nullopt;
  }
}

// Calls `block` with the file's bytes a block at a time, then once with an
// empty block at its end; `block` returns a problem to stop early.
Status each_block(const std::string& path,
                  const std::function<Status(std::string_view block)>& block) {
  auto fd = open_for_reading(path);
  if (!fd.ok()) return fd.status();
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{*fd};
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(*fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Status::invalid_argument(fmt::format("cannot read: {}", std::strerror(errno)));
    if (Status s = block(std::string_view(buf, static_cast<size_t>(n))); !s.ok()) return s;
    if (n == 0) return Status();
  }
}

// Reads a whole file of at most `limit` bytes.
Result<std::string> read_bounded(const std::string& path, uint64_t limit) {
  std::string out;
  Status s = each_block(path, [&](std::string_view block) {
    if (out.size() + block.size() > limit) {
      return Status::invalid_argument(fmt::format(
          "larger than {} MiB: split it into smaller Bundles, or export it as Bulk Data NDJSON",
          limit >> 20));
    }
    out.append(block);
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

// A Bundle's entries: resource and fullUrl, skipping a searchset's
// OperationOutcome entries (search.mode "outcome"), which are not data.
void each_entry(const Json& bundle, int file, Problems& problems,
                const std::function<void(const Json&, const std::string&, const Where&)>& each) {
  const std::string type = str(bundle, "type");
  static constexpr std::string_view kTypes[] = {
      "collection", "transaction", "batch", "searchset", "transaction-response", "batch-response"};
  if (std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes)) {
    problems.error({file, 0, -1}, "Bundle.type", type,
                   "a Bundle bettercare imports is a collection, transaction, batch or searchset");
    return;
  }
  const Json& entries = arr(bundle, "entry");
  for (size_t i = 0; i < entries.size(); ++i) {
    const Where w{file, 0, static_cast<int64_t>(i)};
    const Json& entry = entries[i];
    if (str(obj(entry, "search"), "mode") == "outcome") continue;
    const Json& resource = obj(entry, "resource");
    if (resource.empty()) {
      if (str(obj(entry, "request"), "method") == "DELETE") {
        problems.error(w, "Bundle.entry.request", "DELETE",
                       "a DELETE cannot be imported; bettercare's imports only add and replace");
      } else {
        problems.error(w, "Bundle.entry.resource", "", "the entry has no resource");
      }
      continue;
    }
    each(resource, str(entry, "fullUrl"), w);
  }
}

}  // namespace

const PatientInfo* Index::patient(const Json& reference) const {
  return find_in(patient_by_key, patients, reference, "Patient");
}
const OrgInfo* Index::org(const Json& reference) const {
  return find_in(org_by_key, orgs, reference, "Organization");
}
const CodedCondition* Index::condition(const Json& reference) const {
  return find_in(condition_by_key, conditions, reference, "Condition");
}

namespace {

// Calls `line` with each line of an NDJSON file (without its end), read a
// block at a time so that memory holds one line, not the file; a line
// longer than kMaxFhirLineBytes is reported and skipped.
Status each_ndjson_line(const std::string& path, int file, Problems& problems,
                        const std::function<void(std::string_view, int64_t)>& line,
                        ingest::Sha256* digest) {
  std::string pending;
  bool skipping = false;  // inside a line over the limit
  int64_t number = 1;
  return each_block(path, [&](std::string_view block) {
    if (digest != nullptr) digest->add(block);
    const bool at_end = block.empty();
    while (!block.empty() || (at_end && !pending.empty())) {
      size_t end = block.find('\n');
      if (end == std::string_view::npos && !at_end) {
        if (!skipping) pending.append(block);
        if (pending.size() > kMaxFhirLineBytes) {
          problems.error({file, number, -1}, "(line)", "-",
                         fmt::format("longer than {} MiB", kMaxFhirLineBytes >> 20));
          pending.clear();
          skipping = true;
        }
        break;
      }
      if (!skipping) pending.append(block.substr(0, end));
      block = end == std::string_view::npos ? std::string_view() : block.substr(end + 1);
      if (!skipping) line(pending, number);
      pending.clear();
      skipping = false;
      ++number;
    }
    return Status();
  });
}

}  // namespace

void for_each_resource(
    const std::string& path, int file, Problems& problems,
    const std::function<void(const Json&, const std::string& full_url, const Where&)>& each,
    ingest::Sha256* digest) {
  const Where whole{file, 0, -1};
  std::string why;
  if (ends_with_nocase(path, ".ndjson")) {
    // Bulk Data NDJSON: one resource per line; blank lines are skipped.
    Status s = each_ndjson_line(
        path, file, problems,
        [&](std::string_view one, int64_t number) {
          if (!one.empty() && one.back() == '\r') one.remove_suffix(1);
          if (one.find_first_not_of(" \t") == std::string_view::npos) return;
          const Where w{file, number, -1};
          auto j = parse_json(one, &why);
          if (!j) return problems.error(w, "(line)", "-", why);
          if (str(*j, "resourceType").empty()) {
            return problems.error(w, "resourceType", "",
                                  "each line of an NDJSON file is one FHIR resource");
          }
          each(*j, "", w);
        },
        digest);
    if (!s.ok()) problems.error(whole, "(file)", "-", s.message());
    return;
  }
  auto text = read_bounded(path, kMaxFhirBundleBytes);
  if (!text.ok()) return problems.error(whole, "(file)", "-", text.status().message());
  if (digest != nullptr) digest->add(*text);
  auto j = parse_json(*text, &why);
  if (!j) return problems.error(whole, "(file)", "-", why);
  const std::string type = str(*j, "resourceType");
  if (type.empty()) {
    return problems.error(whole, "resourceType", "",
                          "not a FHIR resource: a Bundle or one resource is expected");
  }
  if (type == "Bundle") return each_entry(*j, file, problems, each);
  each(*j, "", whole);
}

}  // namespace fhir
}  // namespace bc
