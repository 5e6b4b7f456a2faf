#include "simulator_settings.h"

namespace pigeon::simulator {

sdk::ConfigSchema SimulatorSettings::schema() {
  using F = sdk::ConfigField;
  return {
      F::integer("delay_ms", "Milliseconds from submit to delivery report")
          .defaultsTo("0")
          .range(0, 86400000),
      F::integer("max_tps", "Submits per second before it throttles; 0 = no limit")
          .defaultsTo("0")
          .range(0, 1000000),
      F::decimal("temporary_failure_ratio", "Share of submits failing temporarily")
          .defaultsTo("0")
          .range(0, 1),
      F::decimal("permanent_failure_ratio", "Share of submits failing for good")
          .defaultsTo("0")
          .range(0, 1),
      F::string("no_route_prefixes",
                "Comma-separated destination prefixes (+7916,+98) answered no_route")
          .defaultsTo(""),
      F::boolean("down", "Act as a provider whose connection is down").defaultsTo("false"),
      F::decimal("balance", "Balance the simulator reports").defaultsTo("1000").range(-1e12, 1e12),
      F::string("currency", "Unit of the balance").defaultsTo("credits"),
  };
}

SimulatorSettings SimulatorSettings::from(const sdk::ConfigValues& v) {
  SimulatorSettings s;
  s.delayMs = static_cast<int>(v.getInteger("delay_ms"));
  s.maxTps = static_cast<int>(v.getInteger("max_tps"));
  s.temporaryFailureRatio = v.getDecimal("temporary_failure_ratio");
  s.permanentFailureRatio = v.getDecimal("permanent_failure_ratio");
  std::string prefix;
  for (char ch : v.getString("no_route_prefixes") + ",") {
    if (ch == ',') {
      if (!prefix.empty()) s.noRoutePrefixes.push_back(prefix);
      prefix.clear();
    } else if (ch != ' ') {
      prefix += ch;
    }
  }
  s.down = v.getBoolean("down");
  s.balance = v.getDecimal("balance");
  s.currency = v.getString("currency");
  return s;
}

}  // namespace pigeon::simulator
