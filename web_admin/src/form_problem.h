#pragma once
// A service's refusal shown on the form that caused it, beside what was typed.

#include <string>

#include "api/api_types.h"

namespace pigeon::web {

// Refusals a form shows itself (a bad or taken value); anything else is an error page.
inline bool isFormProblem(const host::ApiError& e) {
  return e.status() == 422 || e.status() == 409;
}

// The services leave the field to the caller: "instance: no provider instance named 'x'".
inline std::string problemText(const host::ApiError& e) {
  return (e.field().empty() ? "" : e.field() + ": ") + e.what();
}

}  // namespace pigeon::web
