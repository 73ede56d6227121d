// Status and Result<T>: how every module reports failure.
//
// A Status is either ok or carries a code and a message written for the
// person who will read it (an analyst at a terminal, or an API client).
// Result<T> holds either a T or a non-ok Status. Errors cross module
// boundaries as values, never as exceptions, and are never swallowed.
//
// Thread safety: plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace bc {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller asked for something malformed (a bad period, a bad flag)
  kInvalidData,       // input data broke the import contract
  kNotFound,          // the thing asked for does not exist
  kStoreError,        // the database could not be opened, read or written
  kIoError,           // a file could not be read or written
  kInternal,          // a bug: should never be seen
  kPermissionDenied,  // the signed-in user may not see or do this
  kBusy,              // the store is held by another writer (an import): try again later
};

// [[nodiscard]]: a Status returned and dropped is an error swallowed; where
// ignoring one is right, the caller says why and writes (void).
class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return Status(); }
  static Status invalid_argument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status invalid_data(std::string m) { return {StatusCode::kInvalidData, std::move(m)}; }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status store_error(std::string m) { return {StatusCode::kStoreError, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status permission_denied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or the reason there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; an ok Status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  // The error message; empty when a value is held.
  const std::string& error() const {
    static const std::string kEmpty;
    return ok() ? kEmpty : std::get<Status>(v_).message();
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace bc
