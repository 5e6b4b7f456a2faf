#pragma once
// Who may see which message, for the API and the admin pages alike: their own always, every
// user's with view_bulk. Another user's message is "not found" without it, so its existence is
// not shown either.

#include <cstdint>

#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "repositories/message_records.h"

namespace pigeon::host {

// The message with its timeline; ApiError 404 when it does not exist or `caller` may not see it.
db::MessageRecord findVisibleMessage(db::ConnectionPool& pool, std::int64_t id,
                                     const Caller& caller);

}  // namespace pigeon::host
