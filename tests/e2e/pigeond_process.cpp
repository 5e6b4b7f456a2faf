#include "e2e/pigeond_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pigeon::test {

PigeondProcess::PigeondProcess(const TempDir& dir,
                               const std::map<std::string, std::string>& settings)
    : dir_(dir.path().string()), config_(dir.file("pigeon.properties")) {
  std::map<std::string, std::string> all{
      {"http.port", "0"},
      {"data.dir", dir_ + "/var"},
      {"db.url", "sqlite:" + dir_ + "/var/pigeon.db"},
      {"plugins.dir", PIGEON_PLUGIN_DIR},
  };
  for (const auto& [k, v] : settings) all[k] = v;
  std::ofstream out(config_);
  for (const auto& [k, v] : all) out << k << " = " << v << "\n";
}

PigeondProcess::~PigeondProcess() {
  if (pid_ > 0) kill9();
}

void PigeondProcess::spawn() {
  const auto logFile = dir_ + "/pigeond.log";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // If the test process dies (a crash, a timeout), pigeond goes with it instead of lingering.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    FILE* log = std::fopen(logFile.c_str(), "a");
    if (log) {
      ::dup2(fileno(log), 1);
      ::dup2(fileno(log), 2);
    }
    ::execl(PIGEOND_PATH, PIGEOND_PATH, "--config", config_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
}

std::optional<int> PigeondProcess::exited() {
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int PigeondProcess::runToExit() {
  spawn();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto status = exited()) return *status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("pigeond kept running with a configuration it should refuse:\n" + log());
}

int PigeondProcess::start() {
  const auto portFile = dir_ + "/var/pigeond.port";
  std::filesystem::remove(portFile);
  spawn();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (exited()) throw std::runtime_error("pigeond exited during start-up:\n" + log());
    std::ifstream in(portFile);
    int port = 0;
    if (in >> port && port > 0) return port;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("pigeond did not listen within 30 s:\n" + log());
}

void PigeondProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int PigeondProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string PigeondProcess::log() const {
  std::ifstream in(dir_ + "/pigeond.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace pigeon::test
