#include "pages/utc_offset_field.h"

#include "api/api_types.h"
#include "api/json_util.h"

namespace pigeon::web {

int utcOffsetField(const WebRequest& request) {
  const auto offset = request.field("utc_offset", "UTC offset", 6);
  const auto minutes = host::parseUtcOffset(offset.empty() ? "+00:00" : offset);
  if (!minutes)
    throw host::ApiError(422, "invalid_value", "UTC offset must look like +03:00", "utc_offset");
  return *minutes;
}

}  // namespace pigeon::web
