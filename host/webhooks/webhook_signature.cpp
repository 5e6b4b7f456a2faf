#include "webhooks/webhook_signature.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace pigeon::host {

namespace {

// HMACEngine needs the block and digest sizes as members, which SHA2Engine does not declare.
class Sha256Engine : public Poco::SHA2Engine {
public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : Poco::SHA2Engine(SHA_256) {}
};

}  // namespace

std::string webhookSignature(const std::string& secret, std::int64_t unixSeconds,
                             const std::string& body) {
  Poco::HMACEngine<Sha256Engine> hmac(secret);
  const auto stamp = std::to_string(unixSeconds);
  hmac.update(stamp);
  hmac.update('.');
  hmac.update(body);
  return "t=" + stamp + ",v1=" + Poco::DigestEngine::digestToHex(hmac.digest());
}

}  // namespace pigeon::host
