#include "support/inbound_driver.h"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>

#include "support/test_host.h"

namespace pigeon::test {

void InboundDriver::send(const std::string& from, const std::string& text, const std::string& to) {
  Poco::JSON::Object o;
  o.set("from", from);
  o.set("to", to);
  o.set("text", text);
  std::ostringstream body;
  o.stringify(body);
  auto r =
      provider_.post(std::string("/callbacks/sim/inbound?secret=") + kInboundSecret, body.str());
  if (r.status != 200) throw std::runtime_error("inbound callback answered " + r.body);
}

Poco::JSON::Object::Ptr InboundDriver::handled(std::size_t count) {
  Poco::JSON::Object::Ptr latest;
  const bool done = eventually([&] {
    auto list = admin_.get("/api/v1/inbound").json()->getArray("messages");
    if (list->size() < count) return false;
    latest = list->getObject(0);
    return !latest->isNull("outcome");
  });
  if (!done) throw std::runtime_error("inbound SMS " + std::to_string(count) + " not handled");
  return latest;
}

std::vector<std::string> InboundDriver::replies(const std::string& to) {
  std::string encoded;
  Poco::URI::encode(to, "+", encoded);
  auto list = admin_.get("/api/v1/messages?to=" + encoded).json()->getArray("messages");
  std::vector<std::string> out;
  for (unsigned i = 0; i < list->size(); ++i) {
    auto m = list->getObject(i);
    if (m->optValue<std::string>("tag", "") == "keyword")
      out.insert(out.begin(), m->getValue<std::string>("text"));
  }
  return out;
}

}  // namespace pigeon::test
