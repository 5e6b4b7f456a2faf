#pragma once
// How POST /api/v1/messages answers: one outcome, a conflict, and a batch's answers in request
// order.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "api/api_types.h"
#include "api/json_writer.h"
#include "repositories/message_records.h"

namespace pigeon::host {

// A queued (or repeated, or rejected) message's fields: id, status, to, encoding, parts, and
// reason or duplicate when they apply.
void writeAccepted(JsonWriter& out, const db::InsertOutcome& o);
// 409 reference_conflict for a reference reused with another number or text.
ApiError conflictError(const db::InsertOutcome& o, const std::string& prefix);

// A batch between validation and its commit: which items were invalid and why, and where the
// valid ones were in the request.
struct BatchState {
  std::size_t size = 0;
  std::vector<std::size_t> validIndex;
  std::vector<std::pair<std::size_t, ApiError>> invalid;
};

// The answers in request order, with the queued and rejected counts.
ApiResponse batchAnswer(const BatchState& batch, const std::vector<db::InsertOutcome>& outcomes);

}  // namespace pigeon::host
