#pragma once
// The "UTC offset" field of the forms that count days (templates, selections): minutes east of
// UTC; empty is +00:00. ApiError 422 naming utc_offset for anything else.

#include "web_request.h"

namespace pigeon::web {

int utcOffsetField(const WebRequest& request);

}  // namespace pigeon::web
