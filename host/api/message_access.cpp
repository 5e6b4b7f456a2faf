#include "api/message_access.h"

#include "api/api_types.h"
#include "repositories/message_repository.h"

namespace pigeon::host {

db::MessageRecord findVisibleMessage(db::ConnectionPool& pool, std::int64_t id,
                                     const Caller& caller) {
  std::optional<db::MessageRecord> m;
  {
    auto c = pool.acquire();
    m = db::MessageRepository().find(*c, id);
  }
  if (!m || (m->userId != caller.userId && !caller.can("view_bulk")))
    throw ApiError(404, "not_found", "There is no message " + std::to_string(id));
  return *m;
}

}  // namespace pigeon::host
