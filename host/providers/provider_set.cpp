#include "providers/provider_set.h"

#include <stdexcept>

namespace pigeon::host {

void ProviderSet::add(std::shared_ptr<ProviderInstance> instance) {
  std::lock_guard lock(mutex_);
  if (default_.empty()) default_ = instance->name();
  instances_[instance->name()] = std::move(instance);
}

std::shared_ptr<ProviderInstance> ProviderSet::replace(std::shared_ptr<ProviderInstance> instance) {
  std::lock_guard lock(mutex_);
  if (default_.empty()) default_ = instance->name();
  auto& slot = instances_[instance->name()];
  auto old = std::move(slot);
  slot = std::move(instance);
  return old;
}

std::shared_ptr<ProviderInstance> ProviderSet::remove(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = instances_.find(name);
  if (it == instances_.end()) return nullptr;
  auto old = std::move(it->second);
  instances_.erase(it);
  if (default_ == name) default_.clear();
  return old;
}

std::shared_ptr<ProviderInstance> ProviderSet::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = instances_.find(name);
  return it == instances_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<ProviderInstance>> ProviderSet::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<ProviderInstance>> out;
  for (const auto& [name, instance] : instances_) out.push_back(instance);
  return out;
}

std::shared_ptr<ProviderInstance> ProviderSet::defaultInstance() const {
  std::lock_guard lock(mutex_);
  auto it = instances_.find(default_);
  return it == instances_.end() ? nullptr : it->second;
}

std::string ProviderSet::defaultName() const {
  std::lock_guard lock(mutex_);
  return default_;
}

void ProviderSet::setDefault(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (!instances_.count(name))
    throw std::invalid_argument("no provider instance named '" + name + "'");
  default_ = name;
}

namespace {
constexpr std::int64_t kDownRecheckMs = 1000;
}  // namespace

std::optional<std::int64_t> ProviderSet::pausedUntil(std::int64_t now) const {
  std::lock_guard lock(mutex_);
  std::optional<std::int64_t> earliest;
  for (const auto& [name, instance] : instances_) {
    // An instance that is down is looked at again in a second.
    const auto until = instance->available() ? instance->throttledUntil() : now + kDownRecheckMs;
    if (until <= now) return std::nullopt;
    if (!earliest || until < *earliest) earliest = until;
  }
  return earliest;
}

void ProviderSet::stopAll() {
  for (auto& instance : all()) instance->stop();
}

}  // namespace pigeon::host
