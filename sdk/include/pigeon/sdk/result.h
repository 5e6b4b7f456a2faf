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
  // A Result without a value needs a failure: an ok Status here is a plugin bug, reported as one.
  Result(Status status)  // NOLINT
      : status_(status.isOk()
                    ? Status::internal("a Result was made from an ok Status without a value")
                    : std::move(status)) {}

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
