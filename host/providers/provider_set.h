#pragma once
// The configured provider instances and the default one.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/provider_instance.h"

namespace pigeon::host {

class ProviderSet {
public:
  void add(std::shared_ptr<ProviderInstance> instance);
  // Puts `instance` in place of the one with its name (or adds it); returns the one replaced.
  std::shared_ptr<ProviderInstance> replace(std::shared_ptr<ProviderInstance> instance);
  // Takes an instance out; the caller stops it. Messages asking for it by name then wait and
  // retry, like messages for any unknown instance.
  std::shared_ptr<ProviderInstance> remove(const std::string& name);
  std::shared_ptr<ProviderInstance> find(const std::string& name) const;
  std::vector<std::shared_ptr<ProviderInstance>> all() const;

  // The instance a message goes to when the caller named none.
  std::shared_ptr<ProviderInstance> defaultInstance() const;
  std::string defaultName() const;
  // Throws std::invalid_argument when no such instance exists.
  void setDefault(const std::string& name);

  // When every instance is paused by throttling or down: the earliest end of those pauses.
  // Claiming before then would only move messages from the queue to the queue.
  std::optional<std::int64_t> pausedUntil(std::int64_t now) const;

  void stopAll();

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ProviderInstance>> instances_;
  std::string default_;
};

}  // namespace pigeon::host
