// Column: one column of the snapshot, either owned (a vector, while the
// snapshot is built or when it was built in this process) or a view of a
// snapshot file's bytes (engine/snapshot_file.h), which the snapshot keeps
// alive. Readers see the same thing either way: a contiguous, read-only
// array (size, operator[], begin/end, data, and a std::span).
//
// The building operations (push_back, assign, reserve, the non-const
// operator[]) are for an owned column only; a view is never changed.
//
// Thread safety: like a vector; a built snapshot is only read.
#pragma once

#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <utility>
#include <vector>

namespace bc {

template <typename T>
class Column {
 public:
  using value_type = T;

  Column() = default;
  Column(std::initializer_list<T> values) : own_(values) { sync(); }
  explicit Column(std::vector<T> values) : own_(std::move(values)) { sync(); }
  Column(const Column& o) : own_(o.own_) { o.is_view_ ? view_of(o.view_) : sync(); }
  Column(Column&& o) noexcept : own_(std::move(o.own_)) {
    o.is_view_ ? view_of(o.view_) : sync();
    o.sync();
  }
  Column& operator=(const Column& o) {
    if (this != &o) *this = Column(o);
    return *this;
  }
  Column& operator=(Column&& o) noexcept {
    own_ = std::move(o.own_);
    o.is_view_ ? view_of(o.view_) : sync();
    o.own_.clear();
    o.sync();
    return *this;
  }
  Column& operator=(std::vector<T> values) {
    own_ = std::move(values);
    sync();
    return *this;
  }
  Column& operator=(std::initializer_list<T> values) { return *this = std::vector<T>(values); }

  // A column over bytes someone else owns (a snapshot file's mapping).
  static Column view(std::span<const T> values) {
    Column c;
    c.view_of(values);
    return c;
  }
  bool is_view() const { return is_view_; }

  size_t size() const { return view_.size(); }
  bool empty() const { return view_.empty(); }
  const T* data() const { return view_.data(); }
  const T& operator[](size_t i) const { return view_[i]; }
  const T* begin() const { return view_.data(); }
  const T* end() const { return view_.data() + view_.size(); }
  const T& front() const { return view_.front(); }
  const T& back() const { return view_.back(); }
  std::span<const T> span() const { return view_; }
  operator std::span<const T>() const { return view_; }  // NOLINT: a column is a span

  // Heap bytes this column holds (a view's bytes belong to its file).
  size_t owned_bytes() const { return own_.capacity() * sizeof(T); }
  // Bytes of its values, wherever they are.
  size_t bytes() const { return view_.size() * sizeof(T); }

  // Building (owned columns only).
  void push_back(const T& v) {
    assert(!is_view_);
    own_.push_back(v);
    sync();
  }
  void reserve(size_t n) {
    assert(!is_view_);
    own_.reserve(n);
    sync();
  }
  void assign(size_t n, const T& v) {
    assert(!is_view_);
    own_.assign(n, v);
    sync();
  }
  template <typename It>
  void assign(It first, It last) {
    assert(!is_view_);
    own_.assign(first, last);
    sync();
  }
  T& operator[](size_t i) {
    assert(!is_view_);
    return own_[i];
  }

 private:
  void sync() {
    is_view_ = false;
    view_ = std::span<const T>(own_.data(), own_.size());
  }
  void view_of(std::span<const T> v) {
    own_.clear();
    own_.shrink_to_fit();
    is_view_ = true;
    view_ = v;
  }

  std::vector<T> own_;
  std::span<const T> view_;
  bool is_view_ = false;
};

}  // namespace bc
