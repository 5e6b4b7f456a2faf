#pragma once
// The signature a webhook POST carries, so the receiver knows it came from this host and was
// not replayed: X-Pigeon-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
// A receiver recomputes v1 with its secret and refuses a t far from its clock.

#include <cstdint>
#include <string>

namespace pigeon::host {

std::string webhookSignature(const std::string& secret, std::int64_t unixSeconds,
                             const std::string& body);

}  // namespace pigeon::host
