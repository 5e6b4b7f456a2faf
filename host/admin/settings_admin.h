#pragma once
// The settings an admin changes while the host runs: default region, retry policy, quiet
// hours. Described by the same ConfigSchema type as a plugin's settings, so the Settings page
// is generated and validated like a provider form. Saved values override the config file's
// and apply at once.

#include <map>
#include <string>

#include "auth/authenticator.h"
#include "config/host_config.h"
#include "db/connection_pool.h"
#include "outbox/retry_policy.h"
#include "phone/phone_normalizer.h"
#include "pigeon/sdk/config_schema.h"

namespace pigeon::host {

class SettingsAdmin {
public:
  SettingsAdmin(db::ConnectionPool& pool, phone::PhoneNormalizer& phones, RetryPolicy& retry);

  static const sdk::ConfigSchema& schema();

  // Applies what was saved earlier over the config file's values. A stored value that no
  // longer validates is logged and skipped.
  void load();
  std::map<std::string, std::string> current() const;
  // The default quiet hours, "21:00-09:00" (campaigns and reminders saved without their own).
  std::string quietHours() const;
  // Throws ApiError 422 naming the field; nothing is stored or applied then.
  void save(const Caller& who, const std::map<std::string, std::string>& raw);

private:
  void apply(const sdk::ConfigValues& values);

  db::ConnectionPool& pool_;
  phone::PhoneNormalizer& phones_;
  RetryPolicy& retry_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> current_;
};

}  // namespace pigeon::host
