#pragma once
// The simulator's settings, read once from validated config.

#include <string>
#include <vector>

#include "pigeon/sdk/config_schema.h"

namespace pigeon::simulator {

struct SimulatorSettings {
  int delayMs = 0;                   // submit to delivery report
  int maxTps = 0;                    // 0 = unlimited; above it submit() answers throttled
  double temporaryFailureRatio = 0;  // of submits answered with a temporary failure
  double permanentFailureRatio = 0;  // of submits answered with a permanent failure
  // Destinations starting with one of these are answered no_route (as an operator without a
  // route to that network would), so routing tables can be tried out without real operators.
  std::vector<std::string> noRoutePrefixes;
  bool down = false;  // reports itself disconnected and refuses every submit
  double balance = 1000;
  std::string currency;

  static sdk::ConfigSchema schema();
  static SimulatorSettings from(const sdk::ConfigValues& values);
};

}  // namespace pigeon::simulator
