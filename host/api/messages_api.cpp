#include "api/messages_api.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <charconv>

#include "api/json_util.h"
#include "api/json_writer.h"
#include "api/message_access.h"
#include "api/message_answers.h"
#include "api/message_json.h"
#include "api/template_message.h"
#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kMessageFields{"to",        "text", "from",     "provider", "priority",
                                           "reference", "tag",  "template", "entity"};
constexpr std::size_t kMaxReference = 128;
constexpr std::size_t kMaxFrom = 20;
constexpr std::size_t kMaxTag = 64;
constexpr int kMaxListLimit = 1000;

std::int64_t messageId(const std::string& text) {
  if (auto id = parseId(text)) return *id;
  throw ApiError(404, "not_found", "message '" + text + "' is not a message id");
}

std::int64_t cursorId(const std::string& text) {
  if (auto id = parseId(text)) return *id;
  throw ApiError(400, "invalid_cursor", "cursor '" + text + "' is not a message id", "cursor");
}

}  // namespace

MessagesApi::MessagesApi(Outbox& outbox, const phone::PhoneNormalizer& phones,
                         ProviderSet& providers, const RouteService& routes,
                         db::ConnectionPool& pool, MessagesApiSettings settings)
    : outbox_(outbox),
      phones_(phones),
      providers_(providers),
      routes_(routes),
      pool_(pool),
      settings_(settings) {}

void MessagesApi::registerRoutes(Router& router) {
  using A = Route::Access;
  Route post{"POST", "/api/v1/messages", A::kAuthenticated, "", nullptr};
  post.asyncHandler = [this](ApiRequest& r, Route::Reply reply) {
    this->post(r, std::move(reply));
  };
  // A template message reads its template and rows from the store: not on the event loop.
  // (A text that merely mentions the word costs a worker hop, nothing more.)
  post.blocksFor = [](const ApiRequest& r) {
    return r.body.find("\"template\"") != std::string::npos;
  };
  router.add(std::move(post));
  router.add({"GET", "/api/v1/messages", A::kAuthenticated, "view_single",
              [this](auto& r) { return list(r); }});
  router.add({"GET", "/api/v1/messages/{id}", A::kAuthenticated, "view_single",
              [this](auto& r) { return get(r); }});
  router.add({"POST", "/api/v1/messages/{id}/requeue", A::kAuthenticated, "send_single",
              [this](auto& r) { return requeue(r); }});
}

db::NewMessage MessagesApi::parseMessage(const Poco::JSON::Object& o, const Caller& caller,
                                         const std::string& prefix) const {
  rejectUnknownFields(o, kMessageFields, prefix);
  db::NewMessage m;
  m.userId = caller.userId;
  std::string to;
  if (o.has("template")) {
    if (!templates_)
      throw ApiError(422, "unsupported", "templates are not available here", prefix + "template");
    if (o.has("text"))
      throw ApiError(422, "invalid_value", "give either 'text' or 'template'", prefix + "text");
    // The text holds the row's data: only someone who may read it may send it elsewhere.
    if (o.has("to") && !caller.can("view_personal_data"))
      throw ApiError(403, "forbidden",
                     "sending a template to a number of your choice needs view_personal_data",
                     prefix + "to");
    auto rendered = renderTemplateMessage(*templates_, o, prefix);
    m.body = std::move(rendered.text);
    to = optionalString(o, "to", prefix).value_or(rendered.to);
    if (to.empty())
      throw ApiError(422, "no_number",
                     rendered.entityType + " " + std::to_string(rendered.entityId) +
                         " has no phone number, nor does a row it refers to; give 'to'",
                     prefix + "entity");
  } else {
    to = requiredString(o, "to", prefix);
    m.body = requiredString(o, "text", prefix);
  }
  auto number = phones_.normalize(to);
  if (!number.ok) throw ApiError(422, "invalid_number", number.reason, prefix + "to");
  m.to = number.e164;
  if (consent_ && consent_->optedOut(m.to)) m.rejectReason = "opted_out";

  if (m.body.empty())
    throw ApiError(422, "empty_text", "field '" + prefix + "text' is empty", prefix + "text");
  auto analysis = sdk::text::analyzeText(m.body);
  if (!analysis.validUtf8)
    throw ApiError(422, "invalid_text", "field '" + prefix + "text' is not valid UTF-8",
                   prefix + "text");
  if (analysis.parts > settings_.maxParts)
    throw ApiError(422, "text_too_long",
                   "field '" + prefix + "text' needs " + std::to_string(analysis.parts) +
                       " SMS parts; the maximum is " + std::to_string(settings_.maxParts),
                   prefix + "text");
  m.encoding = sdk::text::encodingName(analysis.encoding);
  m.parts = analysis.parts;

  if (auto from = optionalString(o, "from", prefix)) {
    if (from->size() > kMaxFrom)
      throw ApiError(422, "invalid_from", "field '" + prefix + "from' is longer than 20 characters",
                     prefix + "from");
    m.from = *from;
  }
  std::string numberInstance;
  if (numbers_) {
    auto sender = numbers_->senderFor(caller, m.from, prefix + "from");
    m.from = sender.from;
    numberInstance = sender.instance;
  }
  if (auto provider = optionalString(o, "provider", prefix)) {
    // An instance, or a name the routing table routes by.
    if (!providers_.find(*provider) && !routes_.table()->routesProvider(*provider))
      throw ApiError(422, "unknown_provider",
                     "provider '" + *provider + "' is neither an instance nor routed by a route",
                     prefix + "provider");
    m.requestedProvider = *provider;
  } else {
    m.requestedProvider = numberInstance;  // a number belongs to its instance
  }
  if (auto tag = optionalString(o, "tag", prefix)) {
    const bool printable = std::all_of(tag->begin(), tag->end(),
                                       [](unsigned char ch) { return ch >= 0x20 && ch != 0x7f; });
    if (tag->empty() || tag->size() > kMaxTag || !printable)
      throw ApiError(422, "invalid_tag",
                     "field '" + prefix + "tag' must be 1 to 64 printable characters",
                     prefix + "tag");
    if (*tag == kKeywordReplyTag)
      throw ApiError(422, "invalid_tag", "tag 'keyword' is kept for the keyword engine's replies",
                     prefix + "tag");
    m.tag = *tag;
  }
  if (auto priority = optionalString(o, "priority", prefix)) {
    auto p = db::parsePriority(*priority);
    if (!p)
      throw ApiError(
          422, "invalid_priority",
          "field '" + prefix + "priority' must be high, normal or bulk, got '" + *priority + "'",
          prefix + "priority");
    m.priority = *p;
  }
  if (auto reference = optionalString(o, "reference", prefix)) {
    if (reference->empty() || reference->size() > kMaxReference)
      throw ApiError(422, "invalid_reference",
                     "field '" + prefix + "reference' must be 1 to 128 characters",
                     prefix + "reference");
    m.reference = *reference;
  }
  return m;
}

// Validates on the caller's thread (ApiError for bad input, as usual), queues without waiting,
// and answers from the commit's completion: no thread is held while the store writes.
void MessagesApi::post(ApiRequest& request, Route::Reply reply) {
  auto root = parseJsonObject(request.body);
  const auto& caller = *request.caller;
  if (!root->has("messages")) {
    if (!caller.can("send_single"))
      throw ApiError(403, "forbidden", "sending needs the right send_single");
    std::vector<db::NewMessage> one;
    one.push_back(parseMessage(*root, caller, ""));
    outbox_.enqueueAsync(std::move(one), [reply](std::vector<db::InsertOutcome> outcomes,
                                                 std::exception_ptr error) {
      reply([outcomes = std::move(outcomes), error]() -> ApiResponse {
        if (error) std::rethrow_exception(error);
        const auto& outcome = outcomes.at(0);
        if (outcome.conflict) throw conflictError(outcome, "");
        JsonWriter out;
        out.beginObject();
        writeAccepted(out, outcome);
        out.endObject();
        // 202: queued. 200: nothing new to send (a repeat, or rejected: opted out).
        const bool queued = !outcome.duplicate && outcome.status != db::MessageStatus::kRejected;
        return {queued ? 202 : 200, out.take()};
      });
    });
    return;
  }

  if (!caller.can("send_bulk"))
    throw ApiError(403, "forbidden", "batch sending needs the right send_bulk");
  rejectUnknownFields(*root, {"messages"});
  auto items = root->getArray("messages");
  if (!items) throw ApiError(422, "invalid_type", "field 'messages' must be an array", "messages");
  if (items->size() == 0)
    throw ApiError(422, "empty_batch", "field 'messages' is empty", "messages");
  if (items->size() > settings_.maxBatch)
    throw ApiError(413, "batch_too_large",
                   "a batch holds at most " + std::to_string(settings_.maxBatch) +
                       " messages, got " + std::to_string(items->size()),
                   "messages");

  // Each item is judged alone: an invalid one gets its own error, the valid ones are queued.
  auto batch = std::make_shared<BatchState>();
  batch->size = items->size();
  std::vector<db::NewMessage> valid;
  valid.reserve(items->size());
  batch->validIndex.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto prefix = "messages[" + std::to_string(i) + "].";
    try {
      auto item = items->getObject(static_cast<unsigned>(i));
      if (!item)
        throw ApiError(422, "invalid_type", "messages[" + std::to_string(i) + "] must be an object",
                       "messages[" + std::to_string(i) + "]");
      valid.push_back(parseMessage(*item, caller, prefix));
      batch->validIndex.push_back(i);
    } catch (const ApiError& e) {
      batch->invalid.emplace_back(i, e);
    }
  }
  outbox_.enqueueAsync(std::move(valid), [reply, batch](std::vector<db::InsertOutcome> outcomes,
                                                        std::exception_ptr error) {
    reply([batch, outcomes = std::move(outcomes), error]() -> ApiResponse {
      if (error) std::rethrow_exception(error);
      return batchAnswer(*batch, outcomes);
    });
  });
}

ApiResponse MessagesApi::get(ApiRequest& request) {
  const auto& caller = *request.caller;
  const auto m = findVisibleMessage(pool_, messageId(request.pathParams.at(0)), caller);
  return {200, toJson(messageJson(m, caller.can("view_personal_data"), true))};
}

ApiResponse MessagesApi::requeue(ApiRequest& request) {
  const auto id = messageId(request.pathParams.at(0));
  const auto& caller = *request.caller;
  const auto before = findVisibleMessage(pool_, id, caller);
  if (consent_ && consent_->optedOut(before.to))
    throw ApiError(
        409, "opted_out",
        "the number of message " + std::to_string(id) + " opted out; it gets no more messages");
  const bool requeued = outbox_.requeueFailed(id, caller.name);
  const auto m = findVisibleMessage(pool_, id, caller);  // its state now, whichever way it went
  if (!requeued)
    throw ApiError(409, "not_failed",
                   "message " + std::to_string(id) + " is " + db::statusName(m.status) +
                       "; only failed messages can be sent again");
  return {200, toJson(messageJson(m, caller.can("view_personal_data"), true))};
}

ApiResponse MessagesApi::list(ApiRequest& request) {
  const auto& caller = *request.caller;
  db::MessageFilter f;
  if (auto s = request.queryValue("status"); !s.empty()) {
    f.status = db::parseStatus(s);
    if (!f.status) throw ApiError(400, "invalid_status", "unknown status '" + s + "'", "status");
  }
  if (auto to = request.queryValue("to"); !to.empty()) {
    // Filtering by number would let a caller who sees masked numbers guess them back.
    if (!caller.can("view_personal_data"))
      throw ApiError(403, "forbidden", "filtering by number needs the right view_personal_data",
                     "to");
    // Query strings decode '+' as a space; a number never starts with one, so it was a '+'.
    if (to.front() == ' ') to.front() = '+';
    auto n = phones_.normalize(to);
    if (!n.ok) throw ApiError(400, "invalid_number", n.reason, "to");
    f.to = n.e164;
  }
  if (auto since = request.queryValue("since"); !since.empty()) {
    std::replace(since.begin(), since.end(), ' ', '+');  // "+03:00" decoded as " 03:00"
    f.since = parseTime(since);
    if (!f.since)
      throw ApiError(400, "invalid_time", "'since' must be ISO-8601 or epoch milliseconds",
                     "since");
  }
  if (auto limit = request.queryValue("limit"); !limit.empty()) {
    int n = 0;
    auto r = std::from_chars(limit.data(), limit.data() + limit.size(), n);
    if (r.ec != std::errc() || r.ptr != limit.data() + limit.size() || n < 1 || n > kMaxListLimit)
      throw ApiError(400, "invalid_limit", "'limit' must be an integer from 1 to 1000", "limit");
    f.limit = n;
  }
  if (auto cursor = request.queryValue("cursor"); !cursor.empty()) f.beforeId = cursorId(cursor);
  // Without view_bulk a caller sees only their own messages.
  if (!caller.can("view_bulk")) f.userId = caller.userId;

  db::MessagePage page;
  {
    auto c = pool_.acquire();
    page = repository_.list(*c, f);
  }
  Poco::JSON::Array items;
  const bool personal = caller.can("view_personal_data");
  for (const auto& m : page.messages) items.add(messageJson(m, personal, false));
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("messages", items);
  if (page.nextCursor)
    root.set("next_cursor", std::to_string(*page.nextCursor));
  else
    root.set("next_cursor", Poco::Dynamic::Var());
  return {200, toJson(root)};
}

}  // namespace pigeon::host
