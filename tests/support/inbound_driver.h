#pragma once
// Plays customers texting a host: inbound SMS through the simulator's callback (the instance
// "sim" with callback secret "s3cret"), then what the keyword engine made of them and the
// replies it queued.

#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "support/http_client.h"

namespace pigeon::test {

inline constexpr const char* kInboundSecretSetting = "provider.sim.callback_secret";
inline constexpr const char* kInboundSecret = "s3cret";
inline constexpr const char* kOurNumber = "+79001112233";

class InboundDriver {
public:
  InboundDriver(int port, HttpClient& admin) : provider_(port), admin_(admin) {}

  void send(const std::string& from, const std::string& text, const std::string& to = kOurNumber);
  // Waits until `count` inbound SMS are stored and the newest is handled; returns it.
  Poco::JSON::Object::Ptr handled(std::size_t count);
  // The texts of the keyword engine's replies to a number, oldest first.
  std::vector<std::string> replies(const std::string& to);

private:
  HttpClient provider_;
  HttpClient& admin_;
};

}  // namespace pigeon::test
