#include "admin/settings_admin.h"

#include <Poco/Logger.h>

#include <cctype>

#include "admin/audit_log.h"
#include "api/api_types.h"
#include "config/schema_validator.h"
#include "repositories/settings_repository.h"

namespace pigeon::host {

namespace {

using sdk::ConfigField;

bool isClockTime(const std::string& s) {
  return s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) &&
         std::isdigit(static_cast<unsigned char>(s[3])) &&
         std::isdigit(static_cast<unsigned char>(s[4])) && std::stoi(s.substr(0, 2)) < 24 &&
         std::stoi(s.substr(3, 2)) < 60;
}

}  // namespace

SettingsAdmin::SettingsAdmin(db::ConnectionPool& pool, phone::PhoneNormalizer& phones,
                             RetryPolicy& retry)
    : pool_(pool), phones_(phones), retry_(retry) {
  const auto r = retry_.settings();
  current_ = {{"phone.default_region", phones_.defaultRegion()},
              {"retry.max_attempts", std::to_string(r.maxAttempts)},
              {"retry.backoff_ms", std::to_string(r.backoffMs)},
              {"retry.max_backoff_ms", std::to_string(r.maxBackoffMs)},
              {"quiet.start", "21:00"},
              {"quiet.end", "09:00"}};
}

const sdk::ConfigSchema& SettingsAdmin::schema() {
  static const sdk::ConfigSchema table{
      ConfigField::string("phone.default_region",
                          "Default region: two letters (RU, GB, US) for numbers written without "
                          "a country code")
          .markRequired(),
      ConfigField::integer("retry.max_attempts",
                           "Attempts before a message that keeps failing is given up")
          .markRequired()
          .range(1, 100),
      ConfigField::integer("retry.backoff_ms",
                           "Wait before the second attempt, in ms; doubled for each one after")
          .markRequired()
          .range(0, 86400000),
      ConfigField::integer("retry.max_backoff_ms", "The longest wait between attempts, in ms")
          .markRequired()
          .range(0, 86400000),
      ConfigField::string("quiet.start",
                          "Quiet hours start (HH:MM, recipient's time): the default for "
                          "campaigns saved without quiet hours of their own")
          .markRequired(),
      ConfigField::string("quiet.end", "Quiet hours end (HH:MM)").markRequired(),
  };
  return table;
}

void SettingsAdmin::apply(const sdk::ConfigValues& v) {
  phones_.setDefaultRegion(v.getString("phone.default_region"));
  auto r = retry_.settings();
  r.maxAttempts = static_cast<int>(v.getInteger("retry.max_attempts"));
  r.backoffMs = static_cast<int>(v.getInteger("retry.backoff_ms"));
  r.maxBackoffMs = static_cast<int>(v.getInteger("retry.max_backoff_ms"));
  retry_.update(r);
  std::lock_guard lock(mutex_);
  for (const auto& f : schema()) current_[f.name] = v.getString(f.name);
}

void SettingsAdmin::load() {
  std::map<std::string, std::string> stored;
  {
    auto c = pool_.acquire();
    stored = db::SettingsRepository().all(*c);
  }
  auto merged = current();
  bool any = false;
  for (const auto& f : schema())
    if (stored.count(f.name)) {
      merged[f.name] = stored[f.name];
      any = true;
    }
  if (!any) return;
  try {
    auto checked = validateConfig(schema(), merged);
    if (!checked.ok())
      throw std::invalid_argument(checked.errors.front().field + " " +
                                  checked.errors.front().message);
    apply(checked.values);
  } catch (const std::exception& e) {
    Poco::Logger::get("pigeond").error("stored settings ignored: %s", std::string(e.what()));
  }
}

std::map<std::string, std::string> SettingsAdmin::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void SettingsAdmin::save(const Caller& who, const std::map<std::string, std::string>& raw) {
  auto checked = validateConfig(schema(), raw);
  if (!checked.ok()) {
    const auto& e = checked.errors.front();
    throw ApiError(422, "invalid_setting", e.field + ": " + e.message, e.field);
  }
  const auto& v = checked.values;
  for (const auto* name : {"quiet.start", "quiet.end"})
    if (!isClockTime(v.getString(name)))
      throw ApiError(422, "invalid_setting", std::string(name) + ": must be a time as HH:MM", name);
  if (v.getString("quiet.start") == v.getString("quiet.end"))
    throw ApiError(422, "invalid_setting",
                   "quiet.end: quiet hours ending when they start would cover the whole day",
                   "quiet.end");
  try {
    phone::PhoneNormalizer probe(v.getString("phone.default_region"));
  } catch (const std::invalid_argument& e) {
    throw ApiError(422, "invalid_setting", std::string("phone.default_region: ") + e.what(),
                   "phone.default_region");
  }
  if (v.getInteger("retry.max_backoff_ms") < v.getInteger("retry.backoff_ms"))
    throw ApiError(422, "invalid_setting",
                   "retry.max_backoff_ms: must not be shorter than retry.backoff_ms",
                   "retry.max_backoff_ms");
  const auto before = current();
  std::map<std::string, std::string> after;
  for (const auto& f : schema()) after[f.name] = v.getString(f.name);
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::SettingsRepository settings;
    for (const auto& [name, value] : after) settings.put(*c, name, value);
    recordAudit(*c, who, "settings.update", "settings", auditJson(before), auditJson(after));
    tx.commit();
  }
  apply(v);
}

std::string SettingsAdmin::quietHours() const {
  const auto values = current();
  const auto& from = values.at("quiet.start");
  const auto& to = values.at("quiet.end");
  return from.empty() || to.empty() ? "" : from + "-" + to;
}

}  // namespace pigeon::host
