// Out and In: the snapshot file's little-endian encoding of values,
// strings and arrays (snapshot_file.cc), written to a buffer and read back
// from bytes that may be damaged: In never reads past its end, and a read
// that would sets failed() and yields empty values.
//
// Internal to the engine. Thread safety: none; one per use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bc::snapshot_file_internal {

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

}  // namespace bc::snapshot_file_internal
