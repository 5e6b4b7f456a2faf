#pragma once
// Result<T>: a value or a failed Status, for calls that produce something.

#include <optional>
#include <utility>

#include "pigeon/sdk/status.h"

namespace pigeon::sdk {

template <typename T>
class Result {
public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, like std::optional
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool isOk() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return isOk(); }
  const Status& status() const noexcept { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace pigeon::sdk
