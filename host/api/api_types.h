#pragma once
// What a route handler sees and returns. Handlers throw ApiError for bad input; the server
// turns it into {"error":{"code","field","message"}} with the status it carries.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/authenticator.h"

namespace pigeon::host {

struct ApiRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::vector<std::string> pathParams;  // the {…} parts of the route, in order
  std::string body;
  std::string contentType;
  std::string secretHeader;  // X-Pigeon-Secret, for provider callbacks
  std::optional<Caller> caller;

  std::string queryValue(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
};

class ApiError : public std::runtime_error {
public:
  ApiError(int status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }

private:
  int status_;
  std::string code_;
  std::string field_;
};

}  // namespace pigeon::host
