#include "auth/admin_bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "auth/password_hasher.h"
#include "auth/rights.h"
#include "outbox/clock.h"
#include "repositories/user_repository.h"

namespace pigeon::host {

bool ensureAdmin(db::Connection& c, const std::string& dataDir, Poco::Logger& logger) {
  db::UserRepository users;
  if (users.count(c) > 0) return false;
  const char* fromEnv = std::getenv("PIGEON_ADMIN_PASSWORD");
  const bool generated = !fromEnv || !*fromEnv;
  const std::string password = generated ? randomToken(12) : fromEnv;
  std::vector<std::string> rights(kAllRights.begin(), kAllRights.end());
  users.create(c, "admin", hashPassword(password), rights, nowMs());
  if (!generated) {
    logger.information("created user 'admin' with the password from PIGEON_ADMIN_PASSWORD");
    return true;
  }
  const auto file = std::filesystem::path(dataDir) / "admin-password";
  // Created 0600 from the start: never readable by others, not even for a moment.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, S_IRUSR | S_IWUSR);
  const auto line = password + "\n";
  const bool saved =
      fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  if (fd >= 0) ::close(fd);
  if (saved)
    logger.warning("created user 'admin' with password %s (also in %s, mode 0600); change it",
                   password, file.string());
  else
    logger.warning("created user 'admin' with password %s (could not write %s); change it",
                   password, file.string());
  return true;
}

}  // namespace pigeon::host
