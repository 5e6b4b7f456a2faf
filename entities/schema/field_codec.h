#pragma once
// One field's value between the outside (JSON, a CSV cell, a template) and the store. Every
// type has a row in the table in field_codec.cpp: what it accepts, how it is stored, how it is
// shown. Errors say what was wrong with the value; the caller names the field.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "db/value.h"
#include "pigeon/sdk/entity/entity_type.h"

namespace pigeon::entity {

// A value as JSON or CSV gives it: null, true/false, a whole number, a fraction, or text.
using FieldInput = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

// Normalises a phone number to E.164; nullopt when it is not a number. The host's
// libphonenumber lives outside this library, so it is passed in.
using PhoneNormaliser = std::function<std::optional<std::string>(const std::string&)>;

// Converts `input` for the store into `out`. Returns the problem ("not a date: '2026-02-30'"),
// or empty. Null stays null; whether a null is allowed is the caller's rule (required fields).
std::string toStored(const sdk::entity::Field& field, const FieldInput& input,
                     const PhoneNormaliser& phones, db::Value& out);

// A stored value as the API shows it: money as an exact decimal text ("12.50"), dates and
// instants as ISO 8601 text, booleans as true/false, numbers as numbers.
FieldInput toShown(const sdk::entity::Field& field, const db::Value& stored);

// The shown value as plain text (templates, CSV export): "" for null.
std::string shownText(const FieldInput& shown);

// Money: an exact decimal with at most four places, in ten-thousandths.
std::optional<std::int64_t> parseMoney(const std::string& text);
std::string formatMoney(std::int64_t tenThousandths);

}  // namespace pigeon::entity
