#include "keywords/handler_context.h"

#include "keywords/text_fold.h"
#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {

constexpr int kMaxReplyParts = 10;

// Runs an admin-style call (ApiError, DbError) and turns what it throws into a Status.
template <typename Fn>
auto statusOf(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const ApiError& e) {
    return sdk::Status::invalidArgument(e.field().empty() ? e.what() : e.field() + ": " + e.what());
  } catch (const std::exception& e) {
    return sdk::Status::temporary(e.what());
  }
}

EntityInput inputOf(const std::map<std::string, std::string>& fields) {
  EntityInput input;
  for (const auto& [name, value] : fields)
    input.fields.emplace_back(name,
                              value.empty() ? entity::FieldInput{} : entity::FieldInput{value});
  return input;
}

std::string describe(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) out += (out.empty() ? "" : ", ") + name + "=" + value;
  return out;
}

}  // namespace

sdk::keyword::EntityRow entityRow(const entity::EntityType& type,
                                  const entity::EntityRecord& record) {
  sdk::keyword::EntityRow row;
  row.type = type.name;
  row.id = record.id;
  for (std::size_t i = 0; i < type.fields.size() && i < record.values.size(); ++i)
    row.fields[type.fields[i].name] =
        entity::shownText(entity::toShown(type.fields[i], record.values[i]));
  return row;
}

HandlerContext::HandlerContext(HandlerServices services, sdk::keyword::InboundText message,
                               std::optional<sdk::keyword::EntityRow> sender,
                               std::optional<SenderRecord> senderRecord, bool dryRun)
    : services_(services),
      message_(std::move(message)),
      sender_(std::move(sender)),
      senderRecord_(std::move(senderRecord)),
      dryRun_(dryRun),
      logger_(Poco::Logger::get("keywords")) {}

std::string HandlerContext::fold(std::string_view word) const noexcept {
  try {
    return keywords::foldWord(word);
  } catch (...) {
    return std::string(word);
  }
}

sdk::Status HandlerContext::reply(const std::string& text) noexcept {
  try {
    const auto analysis = sdk::text::analyzeText(text);
    if (text.empty()) return sdk::Status::invalidArgument("the reply is empty");
    if (!analysis.validUtf8) return sdk::Status::invalidArgument("the reply is not UTF-8");
    if (analysis.parts > kMaxReplyParts)
      return sdk::Status::invalidArgument("the reply needs " + std::to_string(analysis.parts) +
                                          " parts; at most 10");
    replies_.push_back(text);
    actions_.push_back((dryRun_ ? "would reply: " : "replied: ") + text);
    return sdk::Status::ok();
  } catch (const std::exception& e) {
    return sdk::Status::internal(e.what());
  }
}

bool HandlerContext::optedOut() const noexcept {
  if (dryOptedOut_) return *dryOptedOut_;
  try {
    return services_.consent.optedOut(message_.from);
  } catch (...) {
    return false;
  }
}

sdk::Status HandlerContext::setOptedOut(bool optedOut) noexcept {
  if (message_.from.empty() || message_.from.front() != '+')
    return sdk::Status::invalidArgument("the sender '" + message_.from + "' is not a phone number");
  const std::string what = optedOut ? "opt out " : "opt in ";
  if (dryRun_) {
    dryOptedOut_ = optedOut;
    actions_.push_back("would " + what + message_.from);
    return sdk::Status::ok();
  }
  return statusOf([&]() -> sdk::Status {
    db::ConsentEvent e;
    e.phone = message_.from;
    e.optOut = optedOut;
    e.channel = "sms";
    e.detail = keywords::utf8Prefix(message_.text, 160);
    e.inboundId = message_.id;
    services_.consent.record(e);
    actions_.push_back(what + message_.from);
    return sdk::Status::ok();
  });
}

sdk::Result<std::string> HandlerContext::render(const std::string& templateName,
                                                const std::string& type, std::int64_t id) noexcept {
  return statusOf([&]() -> sdk::Result<std::string> {
    auto t = services_.templates.byReference(templateName, "template");
    if (senderRecord_ && senderRecord_->first->name == type && senderRecord_->second.id == id)
      return services_.templates.render(t, *senderRecord_->first, senderRecord_->second).text;
    return services_.templates.render(t, EntityRef{type, id, ""}).text;
  });
}

sdk::Result<std::vector<sdk::keyword::EntityRow>> HandlerContext::find(
    const sdk::keyword::EntityQuery& query) noexcept {
  using Rows = sdk::Result<std::vector<sdk::keyword::EntityRow>>;
  return statusOf([&]() -> Rows {
    const auto& type = services_.entities.type(query.type);
    FindQuery q{query.equals, query.atLeastField, query.atLeastValue, query.orderBy,
                false,        query.limit};
    std::vector<sdk::keyword::EntityRow> out;
    for (const auto& r : services_.entities.find(type, q)) out.push_back(entityRow(type, r));
    return out;
  });
}

sdk::Result<std::int64_t> HandlerContext::create(
    const std::string& type, const std::map<std::string, std::string>& fields) noexcept {
  return statusOf([&]() -> sdk::Result<std::int64_t> {
    const auto& t = services_.entities.type(type);
    if (dryRun_) {
      actions_.push_back("would create " + type + " (" + describe(fields) + ")");
      return std::int64_t{0};
    }
    const auto id = services_.entities.create(t, inputOf(fields)).id;
    actions_.push_back("created " + type + " " + std::to_string(id));
    return id;
  });
}

sdk::Status HandlerContext::update(const std::string& type, std::int64_t id,
                                   const std::map<std::string, std::string>& fields) noexcept {
  return statusOf([&]() -> sdk::Status {
    const auto& t = services_.entities.type(type);
    if (dryRun_) {
      services_.entities.get(t, id);  // a dry run still says when the row is not there
      actions_.push_back("would update " + type + " " + std::to_string(id) + " (" +
                         describe(fields) + ")");
      return sdk::Status::ok();
    }
    if (senderRecord_ && senderRecord_->first == &t && senderRecord_->second.id == id)
      senderRecord_.reset();  // a template rendered on the sender now reads it again
    services_.entities.update(t, id, inputOf(fields));
    actions_.push_back("updated " + type + " " + std::to_string(id));
    return sdk::Status::ok();
  });
}

void HandlerContext::log(sdk::LogLevel level, std::string_view text) noexcept {
  try {
    const std::string line(text);
    switch (level) {
      case sdk::LogLevel::kDebug:
        return logger_.debug(line);
      case sdk::LogLevel::kInfo:
        return logger_.information(line);
      case sdk::LogLevel::kWarning:
        return logger_.warning(line);
      case sdk::LogLevel::kError:
        return logger_.error(line);
    }
  } catch (...) {
  }
}

sdk::Result<std::string> HandlerContext::issueCode(const std::string& purpose, int digits,
                                                   int ttlSeconds) noexcept {
  if (message_.from.empty() || message_.from.front() != '+')
    return sdk::Status::invalidArgument("the sender '" + message_.from + "' is not a phone number");
  if (digits < 4 || digits > 10) return sdk::Status::invalidArgument("digits must be 4 to 10");
  if (ttlSeconds < 10 || ttlSeconds > 86400)
    return sdk::Status::invalidArgument("a code lives 10 seconds to a day");
  if (purpose.empty() || purpose.size() > 64)
    return sdk::Status::invalidArgument("purpose must be 1 to 64 bytes");
  if (dryRun_) {
    actions_.push_back("would issue a one-time code for " + purpose);
    return std::string(static_cast<std::size_t>(digits), '#');
  }
  return statusOf([&]() -> sdk::Result<std::string> {
    auto code = services_.codes.issue(message_.from, purpose, digits, ttlSeconds);
    if (code.empty())
      return sdk::Status::throttled("five codes were sent to " + message_.from +
                                    " in the last hour");
    actions_.push_back("issued a one-time code for " + purpose);  // never the code itself
    return code;
  });
}

}  // namespace pigeon::host
