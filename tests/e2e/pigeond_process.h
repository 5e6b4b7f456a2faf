#pragma once
// The real pigeond binary as a child process, for tests that kill it.

#include <map>
#include <optional>
#include <string>

#include <sys/types.h>

#include "support/temp_dir.h"

namespace pigeon::test {

class PigeondProcess {
public:
  // Writes <dir>/pigeon.properties from `settings` (data under <dir>/var, port 0).
  PigeondProcess(const TempDir& dir, const std::map<std::string, std::string>& settings);
  ~PigeondProcess();

  // Starts pigeond and waits until it listens; returns its port. Throws if it does not come up.
  int start();
  // Runs pigeond expecting it to stop by itself (a refused configuration); returns its exit
  // status, or throws if it is still running after 30 s.
  int runToExit();
  void kill9();     // SIGKILL: no chance to flush or clean up
  int terminate();  // SIGTERM; returns the exit status
  bool running() const { return pid_ > 0; }
  std::string log() const;

private:
  void spawn();
  std::optional<int> exited();  // the exit status once the process has ended

  std::string dir_;
  std::string config_;
  pid_t pid_ = -1;
};

}  // namespace pigeon::test
