// smpp_push: the ceiling of the Kannel side-by-side run. The SMPP plugin's ESME, with no host,
// no store and no HTTP, submits N messages to the peer as fast as its window allows, so the
// peer's rate here is what the peer and the SMPP code alone can do.
//
//   smpp_push PORT N WINDOW

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "smpp_provider.h"

namespace {

// Counts answers; the pusher waits on it when the window is full.
class CountingHost : public pigeon::sdk::HostContext {
public:
  void submitted(const pigeon::sdk::SubmitOutcome&) noexcept override {
    std::lock_guard lock(mutex_);
    ++answered_;
    changed_.notify_all();
  }
  void deliveryReport(const pigeon::sdk::DeliveryReport&) noexcept override {}
  void inbound(const pigeon::sdk::InboundMessage&) noexcept override {}
  void log(pigeon::sdk::LogLevel, std::string_view) noexcept override {}

  long answered() {
    std::lock_guard lock(mutex_);
    return answered_;
  }
  void waitBeyond(long seen) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(5), [&] { return answered_ > seen; });
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  long answered_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: smpp_push PORT N WINDOW\n");
    return 2;
  }
  pigeon::smpp::SmppSettings settings;
  settings.host = "127.0.0.1";
  settings.port = std::stoi(argv[1]);
  settings.systemId = "pigeon";
  settings.password = "secret";
  settings.window = std::stoi(argv[3]);
  const long total = std::stol(argv[2]);
  CountingHost host;
  pigeon::smpp::SmppProvider provider(settings, host);
  if (!provider.start().isOk()) return 1;
  for (int i = 0; i < 200 && provider.boundTransmitters() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  pigeon::sdk::OutboundMessage m;
  m.to = "+79120000000";
  m.from = "Bench";
  for (long i = 0; i < total; ++i) {
    m.id = i + 1;
    m.text = "bench message " + std::to_string(i);
    for (;;) {
      const long seen = host.answered();
      if (provider.submit(m).isOk()) break;
      host.waitBeyond(seen);  // window full: the next answer makes room
    }
  }
  while (host.answered() < total) host.waitBeyond(host.answered());
  provider.stop();
  return 0;
}
