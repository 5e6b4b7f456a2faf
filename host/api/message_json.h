#pragma once
// How a message looks in the API. A caller without view_personal_data sees the number masked
// (+7912*****89) and no text.

#include <Poco/JSON/Object.h>

#include "repositories/message_records.h"

namespace pigeon::host {

std::string maskNumber(const std::string& e164);
Poco::JSON::Object messageJson(const db::MessageRecord& m, bool personalData, bool withEvents);

}  // namespace pigeon::host
