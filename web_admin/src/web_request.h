#pragma once
// One request to the admin site as the pages see it, and what they answer. Pages throw
// ApiError for bad input they do not render themselves; the site turns it into an error page.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/session_manager.h"

namespace pigeon::web {

// A file sent with a multipart form.
struct UploadedFile {
  std::string fileName;
  std::string content;
};

struct WebRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::multimap<std::string, std::string> form;  // fields of a POSTed form
  std::map<std::string, UploadedFile> files;     // by field name, from a multipart form
  std::vector<std::string> params;               // the {…} parts of the route
  std::map<std::string, std::string> cookies;
  std::optional<host::Session> session;  // set on every page behind the login
  std::string flash;                     // a notice carried over a redirect

  const host::Caller& caller() const { return session->caller; }
  std::string queryValue(const std::string& name) const;
  // A form field, trimmed of surrounding blanks; ApiError 422 naming `label` when it is longer
  // than `maxLength`.
  std::string field(const std::string& name, const std::string& label = {},
                    std::size_t maxLength = 4096) const;
  std::vector<std::string> fields(const std::string& name) const;
  // The id in the route's {…} part `index`; ApiError 404 "no WHAT TEXT" when it is not one.
  std::int64_t pathId(std::size_t index, const std::string& what) const;
  bool has(const std::string& name) const { return form.count(name) > 0; }
};

struct WebResponse {
  int status = 200;
  std::string body;
  std::string contentType = "text/html; charset=utf-8";
  std::string location;              // a 303 redirect when set
  std::string flash;                 // shown on the page the redirect leads to
  std::vector<std::string> cookies;  // Set-Cookie values

  static WebResponse redirect(std::string to, std::string flash = {}) {
    WebResponse r;
    r.status = 303;
    r.location = std::move(to);
    r.flash = std::move(flash);
    return r;
  }
};

// A cookie the browser sends back only to this site, never to scripts.
std::string cookie(const std::string& name, const std::string& value, int maxAgeSeconds = -1);

}  // namespace pigeon::web
