#include "config/schema_validator.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using pigeon::host::SchemaValidation;
using pigeon::host::validateConfig;
using F = pigeon::sdk::ConfigField;

namespace {

// One field of each type, so every test reads against the same form.
const pigeon::sdk::ConfigSchema kSchema{
    F::string("host", "Server name").markRequired(),
    F::integer("port", "TCP port").defaultsTo("2775").range(1, 65535),
    F::decimal("ratio", "Share of failures").defaultsTo("0.5").range(0, 1),
    F::boolean("tls", "Use TLS").defaultsTo("false"),
    F::oneOf("bind", {"transmitter", "receiver", "transceiver"}, "SMPP bind type")
        .defaultsTo("transceiver"),
    F::string("password", "Account password").markRequired().markSecret(),
    F::integer("window", "Unacknowledged submits; no default, no range"),
};

// A minimal valid input plus the overrides under test.
std::map<std::string, std::string> with(std::map<std::string, std::string> overrides) {
  std::map<std::string, std::string> raw{{"host", "smpp.example.com"}, {"password", "hunter2"}};
  for (auto& [k, v] : overrides) raw[k] = v;
  return raw;
}

// The one error the validation found, as "field: message".
std::string onlyError(const SchemaValidation& v) {
  REQUIRE(v.errors.size() == 1);
  return v.errors[0].field + ": " + v.errors[0].message;
}

}  // namespace

TEST_CASE("valid settings pass and absent fields take their defaults", "[config]") {
  const auto v = validateConfig(kSchema, with({}));
  REQUIRE(v.ok());
  CHECK(v.values.getString("host") == "smpp.example.com");
  CHECK(v.values.getInteger("port") == 2775);
  CHECK(v.values.getDecimal("ratio") == Approx(0.5));
  CHECK_FALSE(v.values.getBoolean("tls"));
  CHECK(v.values.getString("bind") == "transceiver");
  CHECK(v.values.getString("password") == "hunter2");
  CHECK_FALSE(v.values.has("window"));  // no value, no default: absent, not ""
}

TEST_CASE("every type accepts its well-formed values", "[config]") {
  const auto v = validateConfig(kSchema, with({{"port", "1"},
                                               {"ratio", "1"},
                                               {"tls", "true"},
                                               {"bind", "receiver"},
                                               {"window", "-3"}}));
  REQUIRE(v.ok());
  CHECK(v.values.getInteger("port") == 1);
  CHECK(v.values.getDecimal("ratio") == Approx(1.0));
  CHECK(v.values.getBoolean("tls"));
  CHECK(v.values.getString("bind") == "receiver");
  CHECK(v.values.getInteger("window") == -3);

  CHECK(
      validateConfig(kSchema, with({{"port", "65535"}, {"ratio", "0.25"}, {"tls", "false"}})).ok());
  CHECK(validateConfig(kSchema, with({{"ratio", "1e-2"}})).ok());
}

TEST_CASE("an empty value counts as absent", "[config]") {
  const auto defaulted = validateConfig(kSchema, with({{"port", ""}}));
  REQUIRE(defaulted.ok());
  CHECK(defaulted.values.getInteger("port") == 2775);

  CHECK(onlyError(validateConfig(kSchema, with({{"host", ""}}))) == "host: is required");
}

TEST_CASE("a required field with a default is satisfied by the default", "[config]") {
  const pigeon::sdk::ConfigSchema schema{F::string("region", "").markRequired().defaultsTo("RU")};
  const auto v = validateConfig(schema, {});
  REQUIRE(v.ok());
  CHECK(v.values.getString("region") == "RU");
}

TEST_CASE("each bad value is reported against its field with the reason", "[config]") {
  struct Row {
    const char* field;
    const char* value;
    const char* error;
  };
  const Row rows[] = {
      {"port", "12x", "port: must be an integer, got '12x'"},
      {"port", "1.5", "port: must be an integer, got '1.5'"},
      {"port", "+5", "port: must be an integer, got '+5'"},
      {"port", "1e3", "port: must be an integer, got '1e3'"},
      {"port", " 25", "port: must be an integer, got ' 25'"},
      {"port", "99999999999999999999", "port: must be an integer, got '99999999999999999999'"},
      {"port", "0", "port: must be between 1 and 65535, got 0"},
      {"port", "65536", "port: must be between 1 and 65535, got 65536"},
      {"ratio", "half", "ratio: must be a number, got 'half'"},
      {"ratio", "inf", "ratio: must be a number, got 'inf'"},
      {"ratio", "1.5", "ratio: must be between 0 and 1, got 1.5"},
      {"ratio", "-0.1", "ratio: must be between 0 and 1, got -0.1"},
      {"tls", "yes", "tls: must be true or false, got 'yes'"},
      {"tls", "TRUE", "tls: must be true or false, got 'TRUE'"},
      {"bind", "both", "bind: must be one of transmitter, receiver, transceiver, got 'both'"},
      {"window", "many", "window: must be an integer, got 'many'"},
  };
  for (const auto& row : rows) {
    INFO(row.field << " = " << row.value);
    CHECK(onlyError(validateConfig(kSchema, with({{row.field, row.value}}))) == row.error);
  }
}

TEST_CASE("missing required fields are reported", "[config]") {
  const auto v = validateConfig(kSchema, {});
  REQUIRE(v.errors.size() == 2);
  CHECK(v.errors[0].field == "host");
  CHECK(v.errors[0].message == "is required");
  CHECK(v.errors[1].field == "password");
  CHECK(v.errors[1].message == "is required");
}

TEST_CASE("an unknown field is an error and not silently dropped", "[config]") {
  CHECK(onlyError(validateConfig(kSchema, with({{"prot", "2775"}}))) ==
        "prot: is not a known setting");
}

TEST_CASE("errors come in schema order with unknown fields last", "[config]") {
  const auto v = validateConfig(kSchema, with({{"aaa", "1"}, {"tls", "maybe"}, {"port", "x"}}));
  std::vector<std::string> fields;
  for (const auto& e : v.errors) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"port", "tls", "aaa"});
}

TEST_CASE("a secret field's error never echoes its value", "[config]") {
  const pigeon::sdk::ConfigSchema schema{
      F::oneOf("api_key_kind", {"live", "test"}, "").markSecret(),
      F::integer("pin", "").markSecret().range(0, 9999),
  };
  const auto v = validateConfig(schema, {{"api_key_kind", "sk_live_51Hx"}, {"pin", "123456789"}});
  REQUIRE(v.errors.size() == 2);
  for (const auto& e : v.errors) {
    INFO(e.field << ": " << e.message);
    CHECK(e.message == "is not valid");
    CHECK_THAT(e.message, !Catch::Contains("sk_live_51Hx") && !Catch::Contains("123456789"));
  }
}
