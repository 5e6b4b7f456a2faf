#include "appointment_handler.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "pigeon/sdk/keyword/word_list.h"

namespace pigeon::plugins::appointment {

namespace {

constexpr int kLookAhead = 20;  // upcoming appointments read to find one still open

std::string isoNow() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

}  // namespace

AppointmentHandler::AppointmentHandler(const sdk::ConfigValues& settings)
    : action_(settings.getString("action")),
      yesWords_(sdk::keyword::splitWordList(settings.getString("yes_words"))),
      noWords_(sdk::keyword::splitWordList(settings.getString("no_words"))),
      confirmReply_(settings.getString("confirm_reply")),
      cancelReply_(settings.getString("cancel_reply")),
      confirmTemplate_(settings.getString("confirm_template")),
      cancelTemplate_(settings.getString("cancel_template")),
      noneReply_(settings.getString("none_reply")) {}

std::optional<bool> AppointmentHandler::confirms(sdk::keyword::KeywordContext& context) const {
  if (action_ == "confirm") return true;
  if (action_ == "cancel") return false;
  const auto keyword = context.fold(context.message().keyword);
  for (const auto& w : yesWords_)
    if (context.fold(w) == keyword) return true;
  for (const auto& w : noWords_)
    if (context.fold(w) == keyword) return false;
  return std::nullopt;
}

// The sender's next appointment not yet cancelled or done.
sdk::Result<std::optional<sdk::keyword::EntityRow>> AppointmentHandler::next(
    sdk::keyword::KeywordContext& context) const {
  using Found = std::optional<sdk::keyword::EntityRow>;
  const auto& sender = context.sender();
  if (!sender || sender->type != "contact") return Found{};
  sdk::keyword::EntityQuery q;
  q.type = "appointment";
  q.equals = {{"contact", std::to_string(sender->id)}};
  q.atLeastField = "starts_at";
  q.atLeastValue = isoNow();
  q.orderBy = "starts_at";
  q.limit = kLookAhead;
  auto rows = context.find(q);
  if (!rows) return rows.status();
  for (auto& row : rows.value()) {
    const auto& status = row.fields["status"];
    if (status != "cancelled" && status != "done") return Found{std::move(row)};
  }
  return Found{};
}

sdk::Result<std::string> AppointmentHandler::answer(sdk::keyword::KeywordContext& context,
                                                    const sdk::keyword::EntityRow& appointment,
                                                    bool confirmed) const {
  const auto& name = confirmed ? confirmTemplate_ : cancelTemplate_;
  if (!name.empty()) return context.render(name, "appointment", appointment.id);
  auto it = appointment.fields.find("starts_at");
  // {when} is the start as stored ("2026-12-10T06:30:00Z"); a template can say it better.
  return sdk::keyword::fillIn(confirmed ? confirmReply_ : cancelReply_, "when",
                              it == appointment.fields.end() ? "" : it->second);
}

sdk::Result<std::string> AppointmentHandler::handle(
    sdk::keyword::KeywordContext& context) noexcept {
  try {
    const auto yes = confirms(context);
    if (!yes)
      return sdk::Status::invalidArgument("'" + context.message().keyword +
                                          "' is in neither the yes nor the no words;"
                                          " set the rule's action");
    auto found = next(context);
    if (!found) return found.status();
    if (!found.value()) {
      if (auto s = context.reply(noneReply_); !s.isOk()) return s;
      return std::string("no upcoming appointment");
    }
    const auto& appointment = *found.value();
    const std::string status = *yes ? "confirmed" : "cancelled";
    if (auto s = context.update("appointment", appointment.id, {{"status", status}}); !s.isOk())
      return s;
    auto text = answer(context, appointment, *yes);
    if (!text) return text.status();
    if (auto s = context.reply(text.value()); !s.isOk()) return s;
    return "appointment " + std::to_string(appointment.id) + " " + status;
  } catch (const std::exception& e) {
    return sdk::Status::internal(e.what());
  }
}

}  // namespace pigeon::plugins::appointment
