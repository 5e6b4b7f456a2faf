#pragma once
// argon2id through libsodium. Slow on purpose (tens of milliseconds): never per request.

#include <string>

namespace pigeon::host {

// Throws std::runtime_error if libsodium cannot start or runs out of memory.
std::string hashPassword(const std::string& password);
bool verifyPassword(const std::string& hash, const std::string& password);

// A random token: 32 bytes from the system's CSPRNG, URL-safe base64 without padding.
std::string randomToken(std::size_t bytes = 32);
// `count` decimal digits from the system's CSPRNG, each uniform (one-time codes).
std::string randomDigits(std::size_t count);
// SHA-256 of the text, in lower-case hex: how API keys are stored and looked up.
std::string sha256Hex(const std::string& text);

}  // namespace pigeon::host
