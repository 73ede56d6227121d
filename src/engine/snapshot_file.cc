#include "engine/snapshot_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "core/care_home_codes.h"
#include "core/conditions.h"
#include "core/dtoc_codes.h"
#include "engine/diagnosis_groups.h"
#include "engine/snapshot_bytes.h"
#include "engine/snapshot_columns.h"

namespace bc {
// Not an anonymous namespace: SnapshotFileWriter's state holds its types.
namespace snapshot_file_internal {

// Bump when the builder (snapshot.cc) changes what any column means, or
// the layout changes. 2: a checksum per column, the dictionaries last.
constexpr uint32_t kFormat = 2;
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
  // index_sum: XXH3-64 of the table of columns and the dictionaries.
  uint64_t file_bytes = 0, header_bytes = 0, header_sum = 0, index_sum = 0, codes = 0;
  int64_t batch = 0;
  uint64_t extras_offset = 0, extras_bytes = 0, reserved = 0;
  uint32_t schema_version = 0, columns = 0, registers_len = 0, key_tag_len = 0;
  std::string registers, key_tag;
};

std::string header_bytes(const Header& h) {
  Out o;
  for (char c : kMagic) o.put(c);
  o.put(h.format), o.put(h.endian);
  for (uint64_t v : {h.file_bytes, h.header_bytes, h.header_sum, h.index_sum, h.codes,
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
  for (uint64_t* v : {&h.file_bytes, &h.header_bytes, &h.header_sum, &h.index_sum, &h.codes})
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

// Closes a file descriptor when it goes.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int d) : fd(d) {}
  Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Writes n bytes at the file's position, or at `at` when it is given.
Status write_all(int fd, const void* p, size_t n, std::optional<uint64_t> at = std::nullopt) {
  const auto* c = static_cast<const char*>(p);
  while (n > 0) {
    const size_t chunk = std::min<size_t>(n, 1 << 24);
    const ssize_t w = at ? ::pwrite(fd, c, chunk, static_cast<off_t>(*at)) : ::write(fd, c, chunk);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Status::io_error(std::strerror(errno));
    c += w, n -= static_cast<size_t>(w);
    if (at) *at += static_cast<uint64_t>(w);
  }
  return Status();
}

// One entry of the table of columns.
struct Entry {
  std::string name;
  uint32_t size = 0;
  uint64_t count = 0, offset = 0, sum = 0;
  bool written = false;
};

void put_entry(Out& o, const Entry& e) {
  o.str(e.name), o.put(e.size), o.put(e.count), o.put(e.offset), o.put(e.sum);
}

// The table's entries for Snapshot's columns, in their fixed order, with
// nothing yet written: its length does not depend on the values.
std::vector<Entry> empty_table() {
  std::vector<Entry> entries;
  const Snapshot none;
  snapshot_internal::for_each_column(none, [&](const char* name, const auto& col, bool) {
    entries.push_back({name, static_cast<uint32_t>(sizeof(col[0]))});
  });
  return entries;
}

std::string table_bytes(const std::vector<Entry>& entries) {
  Out o;
  for (const Entry& e : entries) put_entry(o, e);
  return std::move(o.bytes());
}

// A column's checksum: its values and the zeros after them to the next
// alignment, so that every byte of the file is under one checksum or
// another.
uint64_t sum_column(const void* data, uint64_t n, uint64_t pad) {
  static const std::string zeros(kAlign, '\0');
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> st(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(st.get());
  XXH3_64bits_update(st.get(), data, n);
  XXH3_64bits_update(st.get(), zeros.data(), pad);
  return XXH3_64bits_digest(st.get());
}

// The table's checksum: the table and the zeros after it to the first
// column, then the dictionaries record.
uint64_t sum_index(std::string_view table, std::string_view extras) {
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> st(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(st.get());
  XXH3_64bits_update(st.get(), table.data(), table.size());
  XXH3_64bits_update(st.get(), extras.data(), extras.size());
  return XXH3_64bits_digest(st.get());
}

}  // namespace snapshot_file_internal

using namespace snapshot_file_internal;  // NOLINT: this file's own helpers

std::string snapshot_key_tag(std::string_view cell_key) {
  std::string tagged = "bettercare snapshot key tag\n";
  tagged += cell_key;
  return fmt::format("{:016x}", XXH3_64bits(tagged.data(), tagged.size()));
}

struct SnapshotFileWriter::State {
  std::string path, tmp;
  Fd f;
  Header h;
  std::vector<Entry> entries;
  uint64_t at = 0;  // where the next column goes: aligned
  bool finished = false;

  // Appends one column's values at `at` and zeros to the next alignment,
  // all of which its checksum covers.
  Status write_column(Entry& e, const void* data, uint64_t count) {
    static const std::string zeros(kAlign, '\0');
    const uint64_t n = count * e.size, pad = align_up(at + n) - (at + n);
    if (Status st = write_all(f.fd, data, n); !st.ok()) return st;
    if (Status st = write_all(f.fd, zeros.data(), pad); !st.ok()) return st;
    e.count = count, e.offset = at, e.sum = sum_column(data, n, pad), e.written = true;
    at += n + pad;
    return Status();
  }
  Status failed(const Status& st) const {
    return Status::io_error(fmt::format("writing the snapshot: {}", st.message()));
  }
};

SnapshotFileWriter::SnapshotFileWriter(std::unique_ptr<State> state) : st_(std::move(state)) {}

SnapshotFileWriter::~SnapshotFileWriter() {
  if (!st_->finished) ::unlink(st_->tmp.c_str());
}

Result<std::unique_ptr<SnapshotFileWriter>> SnapshotFileWriter::create(const SnapshotStamp& stamp,
                                                                       const std::string& path) {
  auto st = std::make_unique<State>();
  st->path = path;
  Header& h = st->h;
  h.codes = codes_hash();
  h.batch = stamp.sources.batch;
  h.schema_version = static_cast<uint32_t>(stamp.schema_version);
  h.registers = stamp.sources.registers;
  h.key_tag = stamp.key_tag;
  h.header_bytes = header_bytes(h).size();
  st->entries = empty_table();
  h.columns = static_cast<uint32_t>(st->entries.size());
  st->at = align_up(h.header_bytes + table_bytes(st->entries).size());
  st->tmp = path + ".tmp-XXXXXX";
  st->f.fd = ::mkstemp(st->tmp.data());  // owner-only (0600)
  if (st->f.fd < 0) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    return Status::io_error(fmt::format("cannot write the snapshot beside the store in {}: {}",
                                        dir.empty() ? "." : dir, std::strerror(errno)));
  }
  if (::lseek(st->f.fd, static_cast<off_t>(st->at), SEEK_SET) < 0) {
    ::unlink(st->tmp.c_str());
    return Status::io_error(fmt::format("writing the snapshot: {}", std::strerror(errno)));
  }
  return std::unique_ptr<SnapshotFileWriter>(new SnapshotFileWriter(std::move(st)));
}

Status SnapshotFileWriter::spill(Snapshot& s, std::string_view prefix) {
  assert(!st_->finished);
  size_t i = 0;
  Status status;
  snapshot_internal::for_each_column(s, [&](const char* name, auto& col, bool) {
    Entry& e = st_->entries[i++];
    if (!status.ok() || e.written || !std::string_view(name).starts_with(prefix)) return;
    status = st_->write_column(e, col.data(), col.size());
    col = std::vector<typename std::remove_reference_t<decltype(col)>::value_type>();
  });
  return status.ok() ? status : st_->failed(status);
}

Status SnapshotFileWriter::finish(const Snapshot& s) {
  assert(!st_->finished);
  State& w = *st_;
  size_t i = 0;
  Status status;
  snapshot_internal::for_each_column(s, [&](const char*, const auto& col, bool) {
    Entry& e = w.entries[i++];
    if (status.ok() && !e.written) status = w.write_column(e, col.data(), col.size());
  });
  if (!status.ok()) return w.failed(status);
  const std::string extras = extras_of(s);
  w.h.extras_offset = w.at;
  w.h.extras_bytes = extras.size();
  w.h.file_bytes = w.at + extras.size();
  if (status = write_all(w.f.fd, extras.data(), extras.size()); !status.ok())
    return w.failed(status);
  std::string table = table_bytes(w.entries);
  table.resize(align_up(w.h.header_bytes + table.size()) - w.h.header_bytes, '\0');
  w.h.index_sum = sum_index(table, extras);
  w.h.header_sum = sum_header(header_bytes(w.h));
  const std::string head = header_bytes(w.h) + table;
  if (status = write_all(w.f.fd, head.data(), head.size(), uint64_t{0}); !status.ok())
    return w.failed(status);
  if (::rename(w.tmp.c_str(), w.path.c_str()) != 0)
    return w.failed(Status::io_error(std::strerror(errno)));
  w.finished = true;
  return Status();
}

uint64_t SnapshotFileWriter::bytes() const {
  return st_->h.file_bytes;
}

Status write_snapshot_file(const Snapshot& s, const SnapshotStamp& stamp, const std::string& path) {
  auto w = SnapshotFileWriter::create(stamp, path);
  if (!w.ok()) return w.status();
  return (*w)->finish(s);
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
  // The table of columns, then the dictionaries after the last column.
  std::vector<Entry> entries = empty_table();
  if (entries.size() != h->columns) return Status::invalid_data("its table of columns is damaged");
  In table(bytes.subspan(h->header_bytes));
  for (Entry& e : entries) {
    const std::string got = table.str();
    const auto size = table.get<uint32_t>();
    e.count = table.get<uint64_t>(), e.offset = table.get<uint64_t>(),
    e.sum = table.get<uint64_t>();
    if (table.failed() || got != e.name || size != e.size)
      return Status::invalid_data("its table of columns is damaged");
  }
  const uint64_t columns_from = align_up(h->header_bytes + table.at());
  if (h->extras_offset < columns_from || h->extras_offset > bytes.size() ||
      h->extras_bytes != bytes.size() - h->extras_offset)
    return Status::invalid_data("its dictionaries are damaged");
  const auto as_text = [&](uint64_t from, uint64_t n) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()) + from, n);
  };
  if (verify_checksums && sum_index(as_text(h->header_bytes, columns_from - h->header_bytes),
                                    as_text(h->extras_offset, h->extras_bytes)) != h->index_sum)
    return Status::invalid_data("its checksum is wrong");
  // The columns lie end to end (each padded to the alignment) from the
  // table to the dictionaries, so that every byte is under a checksum.
  std::vector<const Entry*> by_offset;
  for (const Entry& e : entries) {
    if (e.offset % kAlign != 0 || e.offset < columns_from || e.offset > h->extras_offset ||
        e.count > (h->extras_offset - e.offset) / e.size)
      return Status::invalid_data(fmt::format("its column {} is damaged", e.name));
    by_offset.push_back(&e);
  }
  // (An empty column lies where the next one starts.)
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) {
    return std::pair(a->offset, a->count * a->size) < std::pair(b->offset, b->count * b->size);
  });
  uint64_t end = columns_from;
  for (const Entry* e : by_offset) {
    if (e->offset != end) return Status::invalid_data("its table of columns is damaged");
    end = align_up(e->offset + e->count * e->size);
  }
  if (end != h->extras_offset) return Status::invalid_data("its table of columns is damaged");
  auto snap = std::make_unique<Snapshot>();
  size_t i = 0;
  snapshot_internal::for_each_column(*snap, [&](const char*, auto& col, bool) {
    using T = typename std::remove_reference_t<decltype(col)>::value_type;
    const Entry& e = entries[i++];
    col = Column<T>::view({reinterpret_cast<const T*>(bytes.data() + e.offset), e.count});
  });
  In extras(bytes.subspan(h->extras_offset, h->extras_bytes));
  if (Status st = read_extras(extras, *snap); !st.ok()) return st;
  // The columns' checksums and the structure, which reads only within the
  // columns whatever their values, on two cores: together they are most
  // of the time a command takes to open a large area's file.
  std::atomic<size_t> next{0};
  std::atomic<bool> sum_wrong{false};
  auto check_sums = [&] {
    for (size_t k; verify_checksums && (k = next.fetch_add(1)) < entries.size();) {
      const Entry& e = entries[k];
      const uint64_t n = e.count * e.size;
      if (XXH3_64bits(bytes.data() + e.offset, align_up(n)) != e.sum) sum_wrong = true;
    }
  };
  Status structure;
  {
    std::jthread helper;
    try {
      if (verify_checksums && std::thread::hardware_concurrency() > 1)
        helper = std::jthread(check_sums);
    } catch (const std::system_error&) {
      // no second thread to be had: this one does it all
    }
    structure = snapshot_internal::check_structure(*snap);
    check_sums();
  }
  if (sum_wrong) return Status::invalid_data("its checksum is wrong");
  if (!structure.ok()) return structure;
  return snap;
}

namespace snapshot_file_internal {

// The open file at path, its size, and its header (checksum checked).
struct OpenedFile {
  Fd f;
  size_t size = 0;
  Header header;
};

Result<OpenedFile> open_with_header(const std::string& path) {
  OpenedFile o{Fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)}, 0, {}};
  if (o.f.fd < 0) {
    if (errno == ENOENT) return Status::not_found("there is no snapshot file");
    return Status::io_error(fmt::format("cannot open the snapshot: {}", std::strerror(errno)));
  }
  struct stat sb {};
  if (::fstat(o.f.fd, &sb) != 0 || !S_ISREG(sb.st_mode))
    return Status::io_error("the snapshot is not a regular file");
  o.size = static_cast<size_t>(sb.st_size);
  std::string head(std::min<size_t>(o.size, kMaxHeader), '\0');
  if (::pread(o.f.fd, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size()))
    return Status::io_error("cannot read the snapshot's header");
  auto h = parse_header(std::as_bytes(std::span(head)));
  if (!h.ok()) return h.status();
  o.header = std::move(*h);
  return o;
}

}  // namespace snapshot_file_internal

Result<SnapshotStamp> read_snapshot_file_stamp(const std::string& path) {
  auto o = open_with_header(path);
  if (!o.ok()) return o.status();
  const Header& h = o->header;
  return SnapshotStamp{static_cast<int>(h.schema_version), {h.batch, h.registers}, h.key_tag};
}

Result<std::unique_ptr<Snapshot>> open_snapshot_file(const std::string& path,
                                                     const SnapshotStamp& expected,
                                                     SnapshotLoad how) {
  // The header first: a stale file is refused without reading the rest.
  auto o = open_with_header(path);
  if (!o.ok()) return o.status();
  const Fd& f = o->f;
  const size_t size = o->size;
  const Header* h = &o->header;
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
