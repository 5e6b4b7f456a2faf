#pragma once
// Versions a plugin is built against. The host compares them before it calls anything.

#include <cstdint>

namespace pigeon::sdk {

// Bumped on every change to an interface's layout or a descriptor field. A plugin built for
// another ABI version is refused before any of its code runs.
inline constexpr std::uint32_t kAbiVersion = 1;

// Semantic version of the SDK headers. Minor versions add, never change.
inline constexpr const char* kSdkVersion = "0.1.0";

}  // namespace pigeon::sdk
