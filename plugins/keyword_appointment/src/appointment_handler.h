#pragma once
// YES / ДА / 1 or NO / НЕТ / 2 in answer to a reminder: the sender's next appointment is
// confirmed or cancelled, and the reply says which one.

#include <optional>
#include <string>
#include <vector>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/keyword/keyword_handler.h"

namespace pigeon::plugins::appointment {

class AppointmentHandler final : public sdk::keyword::KeywordHandler {
public:
  explicit AppointmentHandler(const sdk::ConfigValues& settings);
  sdk::Result<std::string> handle(sdk::keyword::KeywordContext& context) noexcept override;

private:
  // True: the keyword confirms, false: it cancels; nullopt: it is in neither list.
  std::optional<bool> confirms(sdk::keyword::KeywordContext& context) const;
  sdk::Result<std::optional<sdk::keyword::EntityRow>> next(
      sdk::keyword::KeywordContext& context) const;
  sdk::Result<std::string> answer(sdk::keyword::KeywordContext& context,
                                  const sdk::keyword::EntityRow& appointment, bool confirmed) const;

  std::string action_;
  std::vector<std::string> yesWords_;
  std::vector<std::string> noWords_;
  std::string confirmReply_;
  std::string cancelReply_;
  std::string confirmTemplate_;
  std::string cancelTemplate_;
  std::string noneReply_;
};

}  // namespace pigeon::plugins::appointment
