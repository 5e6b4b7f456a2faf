// pigeon-provider-check: runs a provider plugin through the SDK's provider contract, the way
// pigeond would use it, and says which rule holds and which does not.
//
//   pigeon-provider-check PLUGIN.so [field=value ...]
//
// Exit status 0 when every check passes. The last line reads "N passed, M failed".

#include <boost/dll/shared_library.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "pigeon/sdk/plugin_descriptor.h"
#include "pigeon/sdk/provider/provider_factory.h"
#include "pigeon/sdk/version.h"
#include "recording_host.h"

using namespace pigeon;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMessages = 100;
constexpr auto kSubmitBudget = std::chrono::milliseconds(50);
constexpr auto kAnswerTimeout = std::chrono::seconds(10);
constexpr auto kStopBudget = std::chrono::seconds(5);

int passed = 0, failed = 0;

void report(const std::string& check, bool ok, const std::string& detail = {}) {
  (ok ? passed : failed)++;
  std::printf("%s  %s%s%s\n", ok ? "PASS" : "FAIL", check.c_str(), detail.empty() ? "" : ": ",
              detail.c_str());
}

// Runs fn; a throw is a failed check (rule 5: nothing crosses the boundary).
bool noThrow(const std::string& what, const std::function<void()>& fn) {
  try {
    fn();
    return true;
  } catch (const std::exception& e) {
    report("rule 5: " + what + " does not throw", false, e.what());
  } catch (...) {
    report("rule 5: " + what + " does not throw", false, "a non-standard exception");
  }
  return false;
}

int finish() {
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PLUGIN.so [field=value ...]\n", argv[0]);
    return 2;
  }
  std::map<std::string, std::string> settings;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "settings are field=value, got '%s'\n", argv[i]);
      return 2;
    }
    settings[arg.substr(0, eq)] = arg.substr(eq + 1);
  }

  std::shared_ptr<boost::dll::shared_library> library;
  try {
    library =
        std::make_shared<boost::dll::shared_library>(argv[1], boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    report("the file loads as a shared library", false, e.what());
    return finish();
  }
  if (!library->has(sdk::kDescriptorSymbol)) {
    report("the library exports the descriptor", false, "use PIGEON_EXPORT_PLUGIN");
    return finish();
  }
  const auto& d = library->get_alias<const sdk::PluginDescriptor>(sdk::kDescriptorSymbol);
  report("descriptor: plugin ABI matches this SDK", d.abiVersion == sdk::kAbiVersion,
         std::to_string(d.abiVersion) + " vs " + std::to_string(sdk::kAbiVersion));
  if (d.abiVersion != sdk::kAbiVersion) return finish();
  report("descriptor: C++ library ABI matches", d.stdlibAbi == sdk::kStdlibAbi);
  report("descriptor: kind is provider", d.kind == sdk::PluginKind::kProvider);
  report("descriptor: has a name, a version and a factory",
         d.name && *d.name && d.version && d.factory);
  if (d.kind != sdk::PluginKind::kProvider || !d.factory) return finish();

  const sdk::ProviderFactory* factory = nullptr;
  sdk::ConfigSchema schema;
  if (!noThrow("the factory accessor and schema()", [&] {
        factory = static_cast<const sdk::ProviderFactory*>(&d.factory());
        schema = factory->schema();
      }))
    return finish();
  // Defaults first, as the host applies them; the arguments override.
  std::map<std::string, std::string> values;
  for (const auto& f : schema)
    if (!f.defaultValue.empty()) values[f.name] = f.defaultValue;
  for (const auto& [k, v] : settings) values[k] = v;

  check::RecordingHost host;
  std::unique_ptr<sdk::Provider> provider;
  sdk::Status status;
  if (!noThrow("create()", [&] {
        auto created = factory->create(sdk::ConfigValues(values), host);
        status = created.status();
        if (created) provider = std::move(created.value());
      }))
    return finish();
  report("create() with these settings succeeds", provider != nullptr, status.message());
  if (!provider) return finish();
  noThrow("start()", [&] { status = provider->start(); });
  report("start() succeeds", status.isOk(), status.message());

  // Rule 1: submit() answers at once; rule 2: each message taken is answered exactly once.
  int taken = 0;
  auto slowest = std::chrono::nanoseconds(0);
  for (int i = 1; i <= kMessages; ++i) {
    sdk::OutboundMessage m;
    m.id = i;
    m.to = "+79123456789";
    m.text = "contract check " + std::to_string(i);
    const auto started = Clock::now();
    sdk::Status s;
    if (!noThrow("submit()", [&] { s = provider->submit(m); })) break;
    slowest = std::max(
        slowest, std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started));
    if (s.isOk()) ++taken;
  }
  report(
      "rule 1: submit() returns at once (slowest of " + std::to_string(kMessages) + " under 50 ms)",
      slowest < kSubmitBudget,
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count()) +
          " ms");
  report("the provider takes messages", taken > 0,
         std::to_string(taken) + " of " + std::to_string(kMessages));
  host.waitForAnswers(static_cast<std::size_t>(taken), kAnswerTimeout);
  const auto answers = host.answers();
  int twice = 0;
  for (const auto& [id, count] : answers) twice += count > 1 ? 1 : 0;
  report("rule 2: every message taken is answered", static_cast<int>(answers.size()) >= taken,
         std::to_string(answers.size()) + " of " + std::to_string(taken) + " answered");
  report("rule 2: no message is answered twice", twice == 0,
         std::to_string(twice) + " answered twice");

  noThrow("balance()", [&] { provider->balance(); });

  // Rule 6: stop() returns, and nothing calls the host after it did.
  const auto stopping = Clock::now();
  noThrow("stop()", [&] { provider->stop(); });
  report("rule 6: stop() returns within 5 s", Clock::now() - stopping < kStopBudget);
  host.markStopped();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  report("rule 6: no callbacks after stop()", host.afterStop() == 0,
         std::to_string(host.afterStop()) + " calls");
  noThrow("the provider's destructor", [&] { provider.reset(); });
  return finish();
}
