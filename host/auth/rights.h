#pragma once
// The rights a user can hold. Names are part of the public API.

#include <array>
#include <string_view>

namespace pigeon::host {

inline constexpr std::array<std::string_view, 10> kAllRights{
    "send_single",  "send_bulk",    "view_single",        "view_bulk",       "manage_providers",
    "manage_rules", "manage_users", "view_personal_data", "manage_entities", "manage_templates"};

}  // namespace pigeon::host
