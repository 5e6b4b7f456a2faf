// smpp_peer: the SMPP peer of the Kannel side-by-side benchmark. The plugin's fake SMSC on a
// free port, answering every submit_sm at once, no receipts (Kannel would route them to its
// smsbox as inbound SMS). Counts submit_sm and when the first and the latest came.
//
//   smpp_peer PORT_FILE STATS_FILE     (runs until SIGTERM or SIGINT)
// STATS_FILE gets {"submits":N,"first_ms":T,"last_ms":T} every 50 ms and at the end.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "fake_smsc.h"

namespace {

volatile std::sig_atomic_t stopping = 0;

long long nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void writeStats(const std::string& file, int submits, long long first, long long last) {
  {
    std::ofstream out(file + ".tmp");
    out << "{\"submits\":" << submits << ",\"first_ms\":" << first << ",\"last_ms\":" << last
        << "}\n";
  }
  std::rename((file + ".tmp").c_str(), file.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: smpp_peer PORT_FILE STATS_FILE\n");
    return 2;
  }
  std::signal(SIGTERM, [](int) { stopping = 1; });
  std::signal(SIGINT, [](int) { stopping = 1; });
  pigeon::smpp::test::FakeSmscBehaviour behaviour;
  behaviour.receipts = false;
  behaviour.keepSubmitted = false;
  pigeon::smpp::test::FakeSmsc smsc(behaviour);
  std::ofstream(argv[1]) << smsc.port() << "\n";
  int seen = 0, ticks = 0;
  long long first = 0, last = 0;
  while (!stopping) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const int submits = smsc.submits();
    if (submits != seen) {
      if (seen == 0) first = nowMs();
      last = nowMs();
      seen = submits;
    }
    if (++ticks % 10 == 0) writeStats(argv[2], seen, first, last);
  }
  writeStats(argv[2], smsc.submits(), first, last);
  return 0;
}
