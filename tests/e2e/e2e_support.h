#pragma once
// What the end-to-end tests share: the admin account they give pigeond, an admin API client,
// polling with a deadline, and a COUNT read straight from the store.

#include <cstdint>
#include <functional>
#include <string>

#include "db/connection.h"
#include "support/http_client.h"

namespace pigeon::test {

// Exported as PIGEON_ADMIN_PASSWORD before pigeond starts, so its first start creates `admin`.
constexpr const char* kE2eAdminPassword = "e2e-admin-password";

void useE2eAdminPassword();
HttpClient adminOf(int port);

// Polls the predicate every 20 ms until it holds; false when `seconds` pass first.
bool waitFor(const std::function<bool()>& predicate, int seconds);

// The first column of the first row of a query such as SELECT COUNT(*).
std::int64_t count(db::Connection& c, const std::string& sql, const db::Params& params = {});

}  // namespace pigeon::test
