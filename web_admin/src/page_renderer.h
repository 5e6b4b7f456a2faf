#pragma once
// Renders a page template into the shared layout: navigation filtered by the caller's rights,
// the caller's name, the session's CSRF token for every form, and the flash notice.

#include <string>

#include <kainjow/mustache.hpp>

#include "web_request.h"

namespace pigeon::web {

using Data = kainjow::mustache::data;

class PageRenderer {
public:
  // templates/<name>.mustache inside templates/layout.mustache.
  WebResponse page(const WebRequest& request, const std::string& name, const std::string& title,
                   Data data, int status = 200) const;
  // A heading and a sentence: refusals and errors.
  WebResponse notice(const WebRequest& request, int status, const std::string& title,
                     const std::string& text) const;
  // One template alone (a fragment a script asks for).
  std::string fragment(const std::string& name, const Data& data) const;
};

// Mustache turns a number into a boolean: values go in as text.
inline Data text(long long n) { return Data(std::to_string(n)); }
Data list();
// "a, b, c": names as a cell shows them.
std::string commaSeparated(const std::vector<std::string>& items);

}  // namespace pigeon::web
