#pragma once
// Provider: one configured connection to an SMS provider (an "instance" of a provider plugin).
//
// The contract. Each rule has a test in the provider contract suite.
//  1. submit() MUST NOT block on the network or on a rate limit. It either refuses the message
//     at once (a non-ok Status: throttled, temporary or permanent) or takes it (ok).
//  2. For every message submit() took, the provider MUST call HostContext::submitted() exactly
//     once, ok with the provider's message id or failed with a reason.
//  3. A provider that supports delivery reports SHOULD call HostContext::deliveryReport() when
//     the final state is known, with the host's message id when it can map it.
//  4. Inbound messages MUST go to HostContext::inbound(); the host stores them.
//  5. No method throws. The host still guards every call, and refuses an instance that does.
//  6. stop() MUST return after the provider has stopped calling the host; messages it took but
//     never reported are re-sent by the host after a restart (at-least-once).
//  7. balance() MAY block for a short network call; the host calls it off the send path.
//  8. stats() MUST be cheap and non-blocking: the router asks it for every message it routes.
//  9. callback() runs on an HTTP server thread, for requests the provider's servers send; it
//     hands what it learns to the HostContext and answers at once.

#include <string>

#include "pigeon/sdk/message.h"
#include "pigeon/sdk/provider/callback.h"
#include "pigeon/sdk/result.h"

namespace pigeon::sdk {

struct Balance {
  double amount = 0;
  std::string currency;  // ISO 4217, or the provider's unit ("credits")
};

struct ProviderCapabilities {
  bool gsm7 = true;
  bool ucs2 = true;
  int maxParts = 10;
  bool deliveryReports = true;
  bool inboundPush = false;  // inbound arrives through callbacks, no polling needed
};

// What the host shows about an instance and routes by. -1 = the provider keeps no such figure.
struct ProviderStats {
  // False when nothing can be sent now (no bind up, the endpoint unreachable): the router then
  // fails over to the next instance of the route instead of queueing behind this one.
  bool connected = true;
  int connections = -1;        // binds or connections up
  int connectionsWanted = -1;  // configured
  int windowUsed = -1;         // requests sent and not yet answered
  int windowSize = -1;
};

class Provider {
public:
  virtual ~Provider() = default;

  virtual Status start() = 0;
  virtual void stop() = 0;
  virtual Status submit(const OutboundMessage& message) = 0;
  virtual Result<Balance> balance() = 0;
  virtual ProviderCapabilities capabilities() const = 0;
  virtual ProviderStats stats() const { return {}; }
  virtual CallbackResponse callback(const CallbackRequest&) {
    return {404, "text/plain", "this provider takes no callbacks"};
  }
};

}  // namespace pigeon::sdk
