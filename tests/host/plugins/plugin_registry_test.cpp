#include "plugins/plugin_registry.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "config/schema_validator.h"
#include "pigeon/sdk/version.h"

using pigeon::host::PluginInfo;
using pigeon::host::PluginRegistry;
namespace sdk = pigeon::sdk;

namespace {

const std::filesystem::path kFixtures = PIGEON_TEST_PLUGIN_DIR;
const std::filesystem::path kSimulator =
    std::filesystem::path(PIGEON_PLUGIN_DIR) / "provider_simulator.so";
const std::string kEcho = "com.example.test.echo";
constexpr std::chrono::milliseconds kFactoryWait{5000};

// Records what a provider reports; the echo provider calls it on the submitting thread.
class RecordingHost : public sdk::HostContext {
public:
  void submitted(const sdk::SubmitOutcome& outcome) noexcept override {
    std::lock_guard lock(mutex_);
    outcomes_.push_back(outcome);
  }
  void deliveryReport(const sdk::DeliveryReport&) noexcept override {}
  void inbound(const sdk::InboundMessage&) noexcept override {}
  void log(sdk::LogLevel, std::string_view) noexcept override {}

  std::vector<sdk::SubmitOutcome> outcomes() const {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }

private:
  mutable std::mutex mutex_;
  std::vector<sdk::SubmitOutcome> outcomes_;
};

const PluginInfo* rowFor(const std::vector<PluginInfo>& rows, const std::string& fileName) {
  for (const auto& row : rows)
    if (std::filesystem::path(row.file).filename() == fileName) return &row;
  return nullptr;
}

std::size_t soFilesIn(const std::filesystem::path& dir) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".so") ++count;
  return count;
}

// Settings for the echo plugin, checked against the schema it declared, as pigeond does.
sdk::ConfigValues echoConfig(const PluginRegistry& registry,
                             std::map<std::string, std::string> raw) {
  raw.emplace("token", "s3cret");
  auto checked = pigeon::host::validateConfig(registry.schema(kEcho), raw);
  REQUIRE(checked.ok());
  return checked.values;
}

// Whether the process has a file of this name mapped: the one way to see a library unloaded.
bool isMapped(const std::string& fileName) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.size() >= fileName.size() &&
        line.compare(line.size() - fileName.size(), fileName.size(), fileName) == 0)
      return true;
  return false;
}

sdk::OutboundMessage messageWithId(std::int64_t id) {
  sdk::OutboundMessage m;
  m.id = id;
  m.to = "+79123456789";
  m.text = "hello";
  return m;
}

}  // namespace

TEST_CASE("scanning the fixture folder gives one row per file with its verdict", "[plugins]") {
  PluginRegistry registry;
  registry.scan(kFixtures);
  const auto rows = registry.list();
  REQUIRE(rows.size() == soFilesIn(kFixtures));

  struct Expected {
    const char* file;
    bool loaded;
    std::vector<std::string> reasonMentions;
  };
  const Expected table[] = {
      {"bad_abi.so", false, {"ABI", std::to_string(sdk::kAbiVersion + 41)}},
      {"bad_name.so", false, {"reverse-DNS", "Not A Reverse DNS"}},
      {"duplicate_simulator.so", true, {}},
      {"echo_ok.so", true, {}},
      {"no_descriptor.so", false, {"not a Pigeon plugin", sdk::kDescriptorSymbol}},
      {"not_a_plugin.so", false, {"not a loadable library"}},
      {"throwing_factory.so", false, {"factory threw", "boom in factory"}},
  };
  for (const auto& expected : table) {
    INFO(expected.file);
    const auto* row = rowFor(rows, expected.file);
    REQUIRE(row != nullptr);
    CHECK(row->loaded == expected.loaded);
    if (expected.loaded)
      CHECK(row->reason.empty());
    else
      CHECK_FALSE(row->reason.empty());
    for (const auto& mention : expected.reasonMentions)
      CHECK_THAT(row->reason, Catch::Contains(mention));
  }
}

TEST_CASE("a refused plugin leaves no trace but its row", "[plugins]") {
  PluginRegistry registry;
  registry.scan(kFixtures);
  CHECK_FALSE(registry.has("Not A Reverse DNS"));
  CHECK_FALSE(registry.has("com.example.test.throwing_factory"));
  CHECK(registry.schema("com.example.test.throwing_factory").empty());
  CHECK(registry.kindOf("com.example.test.throwing_factory").empty());

  // The bad ABI row is built from abiVersion alone: its garbage fields were never read.
  const auto* badAbi = rowFor(registry.list(), "bad_abi.so");
  REQUIRE(badAbi != nullptr);
  CHECK(badAbi->name.empty());
  CHECK(badAbi->kind.empty());
}

TEST_CASE("a loaded plugin's row and schema describe it", "[plugins]") {
  PluginRegistry registry;
  const auto row = registry.load(kFixtures / "echo_ok.so");
  REQUIRE(row.loaded);
  CHECK(row.name == kEcho);
  CHECK(row.kind == "provider");
  CHECK(row.version == "0.0.1");
  CHECK(row.sdkVersion == sdk::kSdkVersion);
  CHECK_FALSE(row.summary.empty());
  CHECK(registry.has(kEcho));
  CHECK(registry.kindOf(kEcho) == "provider");

  std::vector<std::string> fields;
  for (const auto& f : registry.schema(kEcho)) fields.push_back(f.name);
  CHECK(fields == std::vector<std::string>{"fail_create", "throw_create", "token"});
}

TEST_CASE("a second plugin with a loaded name is refused naming the first file", "[plugins]") {
  PluginRegistry registry;
  REQUIRE(registry.load(kSimulator).loaded);

  const auto duplicate = registry.load(kFixtures / "duplicate_simulator.so");
  CHECK_FALSE(duplicate.loaded);
  CHECK_THAT(duplicate.reason, Catch::Contains("duplicate"));
  CHECK_THAT(duplicate.reason, Catch::Contains("pigeon.provider.simulator"));
  CHECK_THAT(duplicate.reason, Catch::Contains(kSimulator.string()));

  // The first file keeps the name: its schema is still the real simulator's.
  const auto schema = registry.schema("pigeon.provider.simulator");
  CHECK(std::any_of(schema.begin(), schema.end(),
                    [](const auto& f) { return f.name == "delay_ms"; }));
  CHECK(registry.list().size() == 2);
}

TEST_CASE("createProvider builds a working provider from a loaded plugin", "[plugins]") {
  PluginRegistry registry;
  registry.scan(kFixtures);  // after every refusal, the registry still serves the good plugin
  auto host = std::make_shared<RecordingHost>();

  auto created = registry.createProvider(kEcho, echoConfig(registry, {}), host, kFactoryWait);
  REQUIRE(created.isOk());
  auto provider = created.value();
  REQUIRE(provider);
  REQUIRE(provider->start().isOk());
  REQUIRE(provider->submit(messageWithId(7)).isOk());

  const auto outcomes = host->outcomes();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].messageId == 7);
  CHECK(outcomes[0].status.isOk());
  CHECK(outcomes[0].providerMessageId == "echo-7");
  provider->stop();
}

TEST_CASE("createProvider failures come back as a Status and never as an exception", "[plugins]") {
  PluginRegistry registry;
  REQUIRE(registry.load(kFixtures / "echo_ok.so").loaded);
  auto host = std::make_shared<RecordingHost>();

  struct Case {
    const char* what;
    std::string plugin;
    std::map<std::string, std::string> settings;
    sdk::StatusCode code;
    std::vector<std::string> messageMentions;
  };
  const Case cases[] = {
      {"create returns a failure",
       kEcho,
       {{"fail_create", "true"}},
       sdk::StatusCode::kInvalidArgument,
       {"fail_create"}},
      {"create throws",
       kEcho,
       {{"throw_create", "true"}},
       sdk::StatusCode::kInternal,
       {kEcho, "threw", "echo create threw on request"}},
      {"unknown plugin",
       "com.example.nope",
       {},
       sdk::StatusCode::kInvalidArgument,
       {"com.example.nope"}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    sdk::Result<std::shared_ptr<sdk::Provider>> created = sdk::Status::internal("not called");
    REQUIRE_NOTHROW(created = registry.createProvider(c.plugin, echoConfig(registry, c.settings),
                                                      host, kFactoryWait));
    CHECK_FALSE(created.isOk());
    CHECK(created.status().code() == c.code);
    for (const auto& mention : c.messageMentions)
      CHECK_THAT(created.status().message(), Catch::Contains(mention));
  }
  CHECK(host->outcomes().empty());
}

TEST_CASE("a provider outlives the registry that loaded its plugin", "[plugins]") {
  auto host = std::make_shared<RecordingHost>();
  std::shared_ptr<sdk::Provider> provider;
  {
    auto registry = std::make_unique<PluginRegistry>();
    REQUIRE(registry->load(kFixtures / "echo_ok.so").loaded);
    auto created = registry->createProvider(kEcho, echoConfig(*registry, {}), host, kFactoryWait);
    REQUIRE(created.isOk());
    provider = created.value();
  }  // the registry and its handle on the library are gone; the provider's deleter holds one
  CHECK(isMapped("/echo_ok.so"));

  REQUIRE(provider->submit(messageWithId(11)).isOk());
  const auto outcomes = host->outcomes();
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].providerMessageId == "echo-11");

  provider.reset();  // runs the plugin's destructor, then drops the last handle on the library
  CHECK_FALSE(isMapped("/echo_ok.so"));
}
