#pragma once
// Versions a plugin is built against. The host compares them before it calls anything.

#include <cstddef>  // defines __GLIBCXX__ / _LIBCPP_VERSION
#include <cstdint>

namespace pigeon::sdk {

// Bumped on every change to an interface's layout or a descriptor field. A plugin built for
// another ABI version is refused before the host calls any of its functions (loading it still
// runs its static initialisers, so those must do nothing of consequence).
inline constexpr std::uint32_t kAbiVersion = 2;

// The C++ standard library ABI: std::string and friends cross the plugin boundary, so a plugin
// built with another library (or libstdc++'s old string ABI) is refused too.
#if defined(__GLIBCXX__)
inline constexpr std::uint32_t kStdlibAbi = 0x6c000000u | (_GLIBCXX_USE_CXX11_ABI ? 1u : 0u);
#elif defined(_LIBCPP_VERSION)
inline constexpr std::uint32_t kStdlibAbi = 0x63000000u | _LIBCPP_ABI_VERSION;
#else
inline constexpr std::uint32_t kStdlibAbi = 0;
#endif

// Semantic version of the SDK headers. Minor versions add, never change.
inline constexpr const char* kSdkVersion = "0.4.0";

}  // namespace pigeon::sdk
