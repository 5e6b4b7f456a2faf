#pragma once
// Every call into plugin code goes through guardedCall: whatever the plugin throws stays on
// this side as a Status naming the plugin (STYLE.md rule 5).

#include <exception>
#include <string>

#include "pigeon/sdk/result.h"

namespace pigeon::host {

template <typename Fn>
auto guardedCall(const std::string& who, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return sdk::Status::internal(who + " threw: " + e.what());
  } catch (...) {
    return sdk::Status::internal(who + " threw a non-standard exception");
  }
}

}  // namespace pigeon::host
