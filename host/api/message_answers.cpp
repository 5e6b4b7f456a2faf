#include "api/message_answers.h"

#include "api/json_util.h"

namespace pigeon::host {

namespace {

void writeIndexedError(JsonWriter& out, std::size_t index, const ApiError& e) {
  out.beginObject().field("index", static_cast<std::int64_t>(index)).key("error");
  writeError(out, e.code(), e.what(), e.field());
  out.endObject();
}

}  // namespace

void writeAccepted(JsonWriter& out, const db::InsertOutcome& o) {
  out.field("id", o.id)
      .field("status", db::statusName(o.status))
      .field("to", o.to)
      .field("encoding", o.encoding)
      .field("parts", o.parts);
  if (!o.reason.empty()) out.field("reason", o.reason);
  if (o.duplicate) out.field("duplicate", true);
}

ApiError conflictError(const db::InsertOutcome& o, const std::string& prefix) {
  return ApiError(409, "reference_conflict",
                  "reference already used for message " + std::to_string(o.id) +
                      " with another number or text; use a new reference",
                  prefix + "reference");
}

// The answers in request order: the invalid items and the outcomes are each sorted by index.
ApiResponse batchAnswer(const BatchState& batch, const std::vector<db::InsertOutcome>& outcomes) {
  JsonWriter list;
  list.reserve(batch.size * 110);
  std::size_t queued = 0;
  std::size_t rejected = batch.invalid.size();
  auto nextInvalid = batch.invalid.begin();
  for (std::size_t k = 0; k <= outcomes.size(); ++k) {
    const auto index = k < outcomes.size() ? batch.validIndex[k] : batch.size;
    for (; nextInvalid != batch.invalid.end() && nextInvalid->first < index; ++nextInvalid)
      writeIndexedError(list, nextInvalid->first, nextInvalid->second);
    if (k == outcomes.size()) break;
    const auto& o = outcomes[k];
    if (o.conflict) {
      writeIndexedError(list, index, conflictError(o, "messages[" + std::to_string(index) + "]."));
      ++rejected;
      continue;
    }
    list.beginObject();
    writeAccepted(list, o);
    list.field("index", static_cast<std::int64_t>(index)).endObject();
    const bool refused = o.status == db::MessageStatus::kRejected;
    queued += o.duplicate || refused ? 0 : 1;
    rejected += refused && !o.duplicate ? 1 : 0;
  }
  JsonWriter out;
  out.reserve(list.str().size() + 64);
  out.beginObject()
      .field("queued", static_cast<std::int64_t>(queued))
      .field("rejected", static_cast<std::int64_t>(rejected))
      .key("messages")
      .beginArray()
      .raw(std::string_view(list.str()))
      .endArray()
      .endObject();
  return {outcomes.empty() ? 422 : 202, out.take()};
}

}  // namespace pigeon::host
