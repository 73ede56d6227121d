#include "engine/snapshot_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <string_view>

#include "core/care_home_codes.h"
#include "core/conditions.h"
#include "core/dtoc_codes.h"
#include "engine/diagnosis_groups.h"
#include "engine/snapshot_columns.h"

namespace bc {
namespace {

// Bump when the builder (snapshot.cc) changes what any column means.
constexpr uint32_t kFormat = 1;
constexpr char kMagic[8] = {'B', 'C', 'S', 'N', 'A', 'P', '\x1a', '\n'};
constexpr uint32_t kEndian = 0x01020304;
constexpr size_t kAlign = 64;
// The header's fixed fields: magic, then 4 + 4 + 8 * 9 + 4 * 4 bytes.
constexpr size_t kFixedHeader = 8 + 4 + 4 + 8 * 9 + 4 * 4;
// Limits on what a header may claim, so that a damaged one cannot ask for
// absurd amounts of memory before its checksum is checked.
constexpr uint64_t kMaxHeader = 1 << 16;
constexpr uint64_t kMaxStrings = 1ull << 32;

uint64_t align_up(uint64_t n) {
  return (n + kAlign - 1) / kAlign * kAlign;
}

// What the codes stored as small integers mean: the lists the builder
// takes positions in. A program whose lists differ does not trust the file.
uint64_t codes_hash() {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  auto add = [&](std::string_view s) {
    XXH3_64bits_update(st, s.data(), s.size());
    XXH3_64bits_update(st, "\0", 1);
  };
  for (const ConditionInfo& c : all_conditions()) add(c.code);
  for (auto list : {std::span<const std::string_view>(kDtocAgencies),
                    std::span<const std::string_view>(kDtocReasons),
                    std::span<const std::string_view>(kCareHomeFunders),
                    std::span<const std::string_view>(kCareHomeSettings)}) {
    for (std::string_view s : list) add(s);
    add("|");
  }
  const uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

// Appends little-endian values (this program runs only on little-endian
// machines: the header's endian mark refuses a file from any other).
class Out {
 public:
  template <typename T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    buf_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(std::string_view s) {
    put(static_cast<uint32_t>(s.size()));
    buf_.append(s);
  }
  void strings(const std::vector<std::string>& v) {
    put(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  template <typename T>
  void values(std::span<const T> v) {
    put(static_cast<uint32_t>(v.size()));
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size_bytes());
  }
  std::string& bytes() { return buf_; }

 private:
  std::string buf_;
};

// Reads what Out wrote, never past the end: a read past it sets failed().
class In {
 public:
  explicit In(std::span<const std::byte> b) : b_(b) {}
  template <typename T>
  T get() {
    T v{};
    if (!need(sizeof v)) return v;
    std::memcpy(&v, b_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string str() {
    const auto n = get<uint32_t>();
    if (!need(n)) return {};
    std::string s(reinterpret_cast<const char*>(b_.data() + at_), n);
    at_ += n;
    return s;
  }
  std::vector<std::string> strings() {
    const auto n = get<uint32_t>();
    std::vector<std::string> v;
    if (!need(n * uint64_t{4})) return v;  // each string has at least its length
    v.reserve(n);
    for (uint32_t i = 0; i < n && !failed_; ++i) v.push_back(str());
    return v;
  }
  template <typename T>
  std::vector<T> values() {
    const auto n = get<uint32_t>();
    std::vector<T> v;
    if (n == 0 || !need(n * uint64_t{sizeof(T)})) return v;
    v.resize(n);
    std::memcpy(v.data(), b_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return v;
  }
  bool failed() const { return failed_; }
  size_t at() const { return at_; }

 private:
  bool need(uint64_t n) {
    if (failed_ || n > b_.size() - at_) failed_ = true;
    return !failed_;
  }
  std::span<const std::byte> b_;
  size_t at_ = 0;
  bool failed_ = false;
};

// The dictionaries, plans, populations and months loaded: everything but
// the columns.
std::string extras_of(const Snapshot& s) {
  Out o;
  for (const auto* v :
       {&s.practice_codes, &s.practice_names, &s.cluster_codes, &s.cluster_names, &s.provider_codes,
        &s.provider_names, &s.methods, &s.diagnoses, &s.secondary_lists})
    o.strings(*v);
  o.values(std::span<const int16_t>(s.practice_cluster));
  o.put(static_cast<uint32_t>(s.plans.size()));
  for (const auto& [metric, months] : s.plans) {
    o.str(metric);
    o.put(static_cast<uint32_t>(months.size()));
    for (const auto& [month, value] : months) o.put(month), o.put(value);
  }
  for (const auto& months : s.loaded_months) o.values(std::span<const int32_t>(months));
  o.put(static_cast<uint32_t>(s.ons.size()));
  for (const auto& [year, by_sex] : s.ons) {
    o.put(static_cast<int32_t>(year));
    for (const auto& ages : by_sex) o.values(std::span<const int64_t>(ages));
  }
  o.put(s.spa.known_to);
  return std::move(o.bytes());
}

Status read_extras(In& in, Snapshot& s) {
  for (auto* v :
       {&s.practice_codes, &s.practice_names, &s.cluster_codes, &s.cluster_names, &s.provider_codes,
        &s.provider_names, &s.methods, &s.diagnoses, &s.secondary_lists})
    *v = in.strings();
  s.practice_cluster = in.values<int16_t>();
  const auto metrics = in.get<uint32_t>();
  for (uint32_t i = 0; i < metrics && !in.failed(); ++i) {
    auto& months = s.plans[in.str()];
    const auto n = in.get<uint32_t>();
    for (uint32_t k = 0; k < n && !in.failed(); ++k) {
      const auto month = in.get<int32_t>();
      months[month] = in.get<double>();
    }
  }
  for (auto& months : s.loaded_months) months = in.values<int32_t>();
  const auto years = in.get<uint32_t>();
  for (uint32_t i = 0; i < years && !in.failed(); ++i) {
    auto& by_sex = s.ons[in.get<int32_t>()];
    for (auto& ages : by_sex) {
      auto v = in.values<int64_t>();
      if (v.size() != ages.size()) return Status::invalid_data("a population year is cut short");
      std::copy(v.begin(), v.end(), ages.begin());
    }
  }
  s.spa.known_to = in.get<int64_t>();
  if (in.failed()) return Status::invalid_data("the dictionaries are cut short");
  const DiagnosisGroups& groups = DiagnosisGroups::builtin();
  for (const auto& d : s.diagnoses)
    s.diagnosis_group.push_back(static_cast<uint16_t>(groups.group_of(d)));
  return Status();
}

// The header: fixed fields, then the stamp's strings, padded to kAlign.
struct Header {
  uint32_t format = kFormat, endian = kEndian;
  uint64_t file_bytes = 0, header_bytes = 0, header_sum = 0, payload_sum = 0, codes = 0;
  int64_t batch = 0;
  uint64_t extras_offset = 0, extras_bytes = 0, reserved = 0;
  uint32_t schema_version = 0, columns = 0, registers_len = 0, key_tag_len = 0;
  std::string registers, key_tag;
};

std::string header_bytes(const Header& h) {
  Out o;
  for (char c : kMagic) o.put(c);
  o.put(h.format), o.put(h.endian);
  for (uint64_t v : {h.file_bytes, h.header_bytes, h.header_sum, h.payload_sum, h.codes,
                     static_cast<uint64_t>(h.batch), h.extras_offset, h.extras_bytes, h.reserved})
    o.put(v);
  o.put(h.schema_version), o.put(h.columns);
  o.put(static_cast<uint32_t>(h.registers.size())), o.put(static_cast<uint32_t>(h.key_tag.size()));
  std::string b = std::move(o.bytes());
  b += h.registers;
  b += h.key_tag;
  b.resize(align_up(b.size()), '\0');
  return b;
}

// Offset of header_sum in the header: cleared while it is summed.
constexpr size_t kHeaderSumAt = 8 + 4 + 4 + 8 + 8;

uint64_t sum_header(std::string b) {
  std::memset(b.data() + kHeaderSumAt, 0, 8);
  return XXH3_64bits(b.data(), b.size());
}

Result<Header> parse_header(std::span<const std::byte> b, bool verify_checksum = true) {
  if (b.size() < kFixedHeader || std::memcmp(b.data(), kMagic, sizeof kMagic) != 0)
    return Status::invalid_data("not a bettercare snapshot file");
  In in(b.subspan(sizeof kMagic));
  Header h;
  h.format = in.get<uint32_t>(), h.endian = in.get<uint32_t>();
  if (h.endian != kEndian)
    return Status::invalid_data("written on a machine of another byte order");
  if (h.format != kFormat)
    return Status::invalid_data(
        fmt::format("format {} (this program reads format {})", h.format, kFormat));
  for (uint64_t* v : {&h.file_bytes, &h.header_bytes, &h.header_sum, &h.payload_sum, &h.codes})
    *v = in.get<uint64_t>();
  h.batch = in.get<int64_t>();
  for (uint64_t* v : {&h.extras_offset, &h.extras_bytes, &h.reserved}) *v = in.get<uint64_t>();
  for (uint32_t* v : {&h.schema_version, &h.columns, &h.registers_len, &h.key_tag_len})
    *v = in.get<uint32_t>();
  if (h.header_bytes > kMaxHeader || h.header_bytes > b.size() ||
      kFixedHeader + uint64_t{h.registers_len} + h.key_tag_len > h.header_bytes)
    return Status::invalid_data("its header is damaged");
  const char* strings = reinterpret_cast<const char*>(b.data()) + kFixedHeader;
  h.registers.assign(strings, h.registers_len);
  h.key_tag.assign(strings + h.registers_len, h.key_tag_len);
  const std::string raw(reinterpret_cast<const char*>(b.data()), h.header_bytes);
  if (verify_checksum && sum_header(raw) != h.header_sum)
    return Status::invalid_data("its header checksum is wrong");
  return h;
}

// Why a file's stamp is not the store's now, or "" when it is.
std::string stale_reason(const Header& h, const SnapshotStamp& want) {
  if (h.codes != codes_hash()) return "written by a program whose code lists differ";
  if (static_cast<int>(h.schema_version) != want.schema_version)
    return fmt::format("built at schema version {}, the store is at {}", h.schema_version,
                       want.schema_version);
  if (h.batch != want.sources.batch)
    return fmt::format("built from import batch {}, the store's latest is {}", h.batch,
                       want.sources.batch);
  if (h.registers != want.sources.registers) return "the saved registers have changed since";
  if (h.key_tag != want.key_tag) return "built with another store's keys";
  return "";
}

// Every index a column holds names an entry that exists, and each table's
// columns are the same length: what the engine relies on to index without
// checks.
Status check_structure(const Snapshot& s) {
  auto in_range = [](const auto& col, int64_t lo, int64_t hi) {
    return std::all_of(col.begin(), col.end(),
                       [&](auto v) { return int64_t{v} >= lo && int64_t{v} < hi; });
  };
  auto sorted = [](const auto& col) { return std::is_sorted(col.begin(), col.end()); };
  const auto persons = static_cast<int64_t>(s.persons.nhs.size());
  const auto practices = static_cast<int64_t>(s.practice_codes.size());
  const auto providers = static_cast<int64_t>(s.provider_codes.size());
  std::string bad;
  auto need = [&](bool ok, std::string_view what) {
    if (!ok && bad.empty()) bad = what;
  };
  need(s.practice_names.size() == s.practice_codes.size() &&
           s.practice_cluster.size() == s.practice_codes.size() &&
           s.cluster_names.size() == s.cluster_codes.size() &&
           s.provider_names.size() == s.provider_codes.size() && !s.secondary_lists.empty(),
       "dictionaries");
  need(in_range(s.practice_cluster, 0, static_cast<int64_t>(s.cluster_codes.size())), "clusters");
  need(std::adjacent_find(s.persons.nhs.begin(), s.persons.nhs.end(), std::greater_equal<>()) ==
           s.persons.nhs.end(),
       "persons.nhs");
  need(in_range(s.persons.practice, -1, practices), "persons.practice");
  const auto& c = s.conditions;
  const bool no_conditions = c.offset.empty() && c.code.empty();
  need(no_conditions ||
           (static_cast<int64_t>(c.offset.size()) == persons + 1 && c.offset.front() == 0 &&
            c.offset.back() == c.code.size() && sorted(c.offset)),
       "conditions.offset");
  need(in_range(c.code, 0, static_cast<int64_t>(all_conditions().size())), "conditions.code");
  auto people = [&](const auto& e, const char* name) {
    need(in_range(e.person, -1, persons), name);
    need(in_range(e.practice, -1, practices), name);
  };
  const auto& sp = s.spells;
  people(sp, "spells");
  need(sorted(sp.admitted), "spells.admitted");
  need(in_range(sp.method, 0, static_cast<int64_t>(s.methods.size())), "spells.method");
  need(in_range(sp.provider, 0, providers), "spells.provider");
  need(in_range(sp.primary, 0, static_cast<int64_t>(s.diagnoses.size())), "spells.primary");
  need(in_range(sp.secondary, 0, static_cast<int64_t>(s.secondary_lists.size())),
       "spells.secondary");
  people(s.ae, "ae");
  need(sorted(s.ae.arrived), "ae.arrived");
  need(in_range(s.ae.provider, 0, providers) && in_range(s.ae.department, 0, 5), "ae");
  const auto& ch = s.care_homes;
  people(ch, "care_homes");
  need(sorted(ch.admitted) && in_range(ch.funder, 0, 4) && in_range(ch.permanent, 0, 2) &&
           in_range(ch.nursing, 0, 2),
       "care_homes");
  people(s.reablement, "reablement");
  need(sorted(s.reablement.discharged) && in_range(s.reablement.outcome, 0, 4), "reablement");
  for (const auto* o : {&s.registers, &s.reviews}) {
    people(*o, "registers and reviews");
    need(sorted(o->day) && in_range(o->outcome, 0, 4), "registers and reviews");
  }
  people(s.spa, "spa");
  need(sorted(s.spa.received) && in_range(s.spa.urgency, 0, 2), "spa");
  for (const auto* m : {&s.delayed, &s.bed_days}) {
    need(in_range(m->provider, 0, providers), "delayed and bed days");
    need(in_range(m->org, 0, std::size(kDtocAgencies) + 1), "delayed.org");
    need(in_range(m->reason, 0, std::size(kDtocReasons) + 1), "delayed.reason");
  }
  if (!bad.empty()) return Status::invalid_data(fmt::format("its {} are out of range", bad));
  return Status();
}

// Closes a file descriptor when it goes.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status write_all(int fd, const void* p, size_t n, XXH3_state_t* sum) {
  if (sum != nullptr) XXH3_64bits_update(sum, p, n);
  const auto* c = static_cast<const char*>(p);
  while (n > 0) {
    const ssize_t w = ::write(fd, c, std::min<size_t>(n, 1 << 24));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Status::io_error(std::strerror(errno));
    c += w, n -= static_cast<size_t>(w);
  }
  return Status();
}

}  // namespace

std::string snapshot_key_tag(std::string_view cell_key) {
  std::string tagged = "bettercare snapshot key tag\n";
  tagged += cell_key;
  return fmt::format("{:016x}", XXH3_64bits(tagged.data(), tagged.size()));
}

Status write_snapshot_file(const Snapshot& s, const SnapshotStamp& stamp, const std::string& path) {
  using snapshot_internal::for_each_column;
  Header h;
  h.codes = codes_hash();
  h.batch = stamp.sources.batch;
  h.schema_version = static_cast<uint32_t>(stamp.schema_version);
  h.registers = stamp.sources.registers;
  h.key_tag = stamp.key_tag;
  h.header_bytes = header_bytes(h).size();
  // The table: each column's name, element size, count and offset.
  struct Entry {
    const char* name;
    const void* data;
    uint32_t size;
    uint64_t count, offset;
  };
  std::vector<Entry> entries;
  for_each_column(s, [&](const char* name, const auto& col, bool) {
    entries.push_back({name, col.data(), sizeof(col[0]), col.size(), 0});
  });
  h.columns = static_cast<uint32_t>(entries.size());
  const std::string extras = extras_of(s);
  auto table_size = [&] {
    Out t;
    for (const Entry& e : entries) t.str(e.name), t.put(e.size), t.put(e.count), t.put(e.offset);
    return t.bytes().size();
  };
  h.extras_offset = h.header_bytes + table_size();
  h.extras_bytes = extras.size();
  uint64_t at = align_up(h.extras_offset + h.extras_bytes);
  for (Entry& e : entries) {
    e.offset = at;
    at = align_up(at + e.size * e.count);
  }
  h.file_bytes = at;
  Out table;
  for (const Entry& e : entries)
    table.str(e.name), table.put(e.size), table.put(e.count), table.put(e.offset);

  const std::string dir = std::filesystem::path(path).parent_path().string();
  std::string tmp = path + ".tmp-XXXXXX";
  Fd f{::mkstemp(tmp.data())};  // owner-only (0600)
  if (f.fd < 0)
    return Status::io_error(fmt::format("cannot write the snapshot beside the store in {}: {}",
                                        dir.empty() ? "." : dir, std::strerror(errno)));
  auto fail = [&](const Status& st) {
    ::unlink(tmp.c_str());
    return Status::io_error(fmt::format("writing the snapshot: {}", st.message()));
  };
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> sum(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(sum.get());
  const std::string zeros(kAlign, '\0');
  uint64_t written = h.header_bytes;
  Status st;
  if (::lseek(f.fd, static_cast<off_t>(h.header_bytes), SEEK_SET) < 0)
    return fail(Status::io_error(std::strerror(errno)));
  auto put = [&](const void* p, size_t n) {
    if (st.ok()) st = write_all(f.fd, p, n, sum.get());
    written += n;
  };
  auto pad = [&] { put(zeros.data(), align_up(written) - written); };
  put(table.bytes().data(), table.bytes().size());
  put(extras.data(), extras.size());
  pad();
  for (const Entry& e : entries) {
    put(e.data, e.size * e.count);
    pad();
  }
  if (!st.ok()) return fail(st);
  h.payload_sum = XXH3_64bits_digest(sum.get());
  std::string head = header_bytes(h);
  h.header_sum = sum_header(head);
  head = header_bytes(h);
  if (::lseek(f.fd, 0, SEEK_SET) < 0) return fail(Status::io_error(std::strerror(errno)));
  if (st = write_all(f.fd, head.data(), head.size(), nullptr); !st.ok()) return fail(st);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail(Status::io_error(std::strerror(errno)));
  return Status();
}

Result<SnapshotStamp> snapshot_file_stamp(std::span<const std::byte> bytes, bool verify_checksum) {
  auto h = parse_header(bytes, verify_checksum);
  if (!h.ok()) return h.status();
  return SnapshotStamp{static_cast<int>(h->schema_version), {h->batch, h->registers}, h->key_tag};
}

Result<std::unique_ptr<Snapshot>> parse_snapshot_bytes(std::span<const std::byte> bytes,
                                                       const SnapshotStamp& expected,
                                                       bool verify_checksums) {
  auto h = parse_header(bytes, verify_checksums);
  if (!h.ok()) return h.status();
  if (std::string why = stale_reason(*h, expected); !why.empty())
    return Status::invalid_data("stale: " + why);
  if (h->file_bytes != bytes.size())
    return Status::invalid_data(
        fmt::format("it is {} bytes long but should be {}", bytes.size(), h->file_bytes));
  const std::span<const std::byte> payload = bytes.subspan(h->header_bytes);
  if (verify_checksums && XXH3_64bits(payload.data(), payload.size()) != h->payload_sum)
    return Status::invalid_data("its checksum is wrong");
  auto snap = std::make_unique<Snapshot>();
  In table(payload);
  std::string bad;
  uint64_t end_of_extras = h->extras_offset + h->extras_bytes;
  uint32_t seen = 0;
  snapshot_internal::for_each_column(*snap, [&](const char* name, auto& col, bool) {
    using T = typename std::remove_reference_t<decltype(col)>::value_type;
    const std::string got = table.str();
    const auto size = table.get<uint32_t>();
    const auto count = table.get<uint64_t>(), offset = table.get<uint64_t>();
    ++seen;
    if (!bad.empty()) return;
    if (table.failed() || got != name || size != sizeof(T) || offset % kAlign != 0 ||
        offset < end_of_extras || offset > bytes.size() ||
        count > (bytes.size() - offset) / sizeof(T)) {
      bad = fmt::format("its column {} is damaged", name);
      return;
    }
    col = Column<T>::view({reinterpret_cast<const T*>(bytes.data() + offset), count});
  });
  if (bad.empty() && (seen != h->columns || h->header_bytes + table.at() != h->extras_offset))
    bad = "its table of columns is damaged";
  if (!bad.empty()) return Status::invalid_data(bad);
  if (end_of_extras > bytes.size() || h->extras_offset > end_of_extras)
    return Status::invalid_data("its dictionaries are damaged");
  In extras(bytes.subspan(h->extras_offset, h->extras_bytes));
  if (Status st = read_extras(extras, *snap); !st.ok()) return st;
  if (Status st = check_structure(*snap); !st.ok()) return st;
  return snap;
}

Result<std::unique_ptr<Snapshot>> open_snapshot_file(const std::string& path,
                                                     const SnapshotStamp& expected,
                                                     SnapshotLoad how) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return Status::not_found("there is no snapshot file");
    return Status::io_error(fmt::format("cannot open the snapshot: {}", std::strerror(errno)));
  }
  struct stat sb {};
  if (::fstat(f.fd, &sb) != 0 || !S_ISREG(sb.st_mode))
    return Status::io_error("the snapshot is not a regular file");
  const auto size = static_cast<size_t>(sb.st_size);
  // The header first: a stale file is refused without reading the rest.
  std::string head(std::min<size_t>(size, kMaxHeader), '\0');
  if (::pread(f.fd, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size()))
    return Status::io_error("cannot read the snapshot's header");
  auto h = parse_header(std::as_bytes(std::span(head)));
  if (!h.ok()) return h.status();
  if (std::string why = stale_reason(*h, expected); !why.empty())
    return Status::invalid_data("stale: " + why);
  if (h->file_bytes != size)
    return Status::invalid_data(
        fmt::format("it is {} bytes long but should be {}", size, h->file_bytes));

  std::shared_ptr<const void> backing;
  const std::byte* data = nullptr;
  if (how == SnapshotLoad::kMap) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
    if (p == MAP_FAILED)
      return Status::io_error(fmt::format("cannot map the snapshot: {}", std::strerror(errno)));
    backing = std::shared_ptr<const void>(
        p, [size](const void* q) { ::munmap(const_cast<void*>(q), size); });
    data = static_cast<const std::byte*>(p);
  } else {
    auto* p = static_cast<std::byte*>(::operator new(size, std::align_val_t(kAlign)));
    backing = std::shared_ptr<const void>(p, [](const void* q) {
      ::operator delete(const_cast<void*>(q), std::align_val_t(kAlign));
    });
    for (size_t at = 0; at < size;) {
      const ssize_t n =
          ::pread(f.fd, p + at, std::min<size_t>(size - at, 1 << 24), static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Status::io_error("the snapshot was cut short while it was read");
      at += static_cast<size_t>(n);
    }
    data = p;
  }
  auto snap = parse_snapshot_bytes({data, size}, expected, true);
  if (!snap.ok()) return snap.status();
  (*snap)->backing = std::move(backing);
  return snap;
}

}  // namespace bc
