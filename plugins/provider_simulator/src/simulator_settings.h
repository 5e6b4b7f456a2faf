#pragma once
// The simulator's settings, read once from validated config.

#include "pigeon/sdk/config_schema.h"

namespace pigeon::simulator {

struct SimulatorSettings {
  int delayMs = 0;                   // submit to delivery report
  int maxTps = 0;                    // 0 = unlimited; above it submit() answers throttled
  double temporaryFailureRatio = 0;  // of submits answered with a temporary failure
  double permanentFailureRatio = 0;  // of submits answered with a permanent failure
  double balance = 1000;
  std::string currency;

  static sdk::ConfigSchema schema();
  static SimulatorSettings from(const sdk::ConfigValues& values);
};

}  // namespace pigeon::simulator
