#pragma once
// Roles are named sets of rights the admin picks from; "custom" keeps the rights as ticked.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace pigeon::host {

struct Role {
  std::string_view name;
  std::string_view summary;
  std::vector<std::string_view> rights;
};

inline const std::array<Role, 4>& roles() {
  static const std::array<Role, 4> table{{
      {"admin",
       "everything, including users and providers",
       {"send_single", "send_bulk", "view_single", "view_bulk", "manage_providers", "manage_rules",
        "manage_users", "view_personal_data", "manage_entities", "manage_templates"}},
      {"operator",
       "sends and follows messages; sees numbers masked",
       {"send_single", "send_bulk", "view_single", "view_bulk"}},
      {"viewer", "follows messages; sees numbers masked", {"view_single", "view_bulk"}},
      {"custom", "exactly the rights ticked below", {}},
  }};
  return table;
}

inline const Role* findRole(std::string_view name) {
  for (const auto& r : roles())
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace pigeon::host
