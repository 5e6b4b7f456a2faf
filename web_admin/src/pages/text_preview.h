#pragma once
// What a text costs to send, as the send-test and template pages show it while typing: its
// encoding, parts, units and the price through a provider instance (the default when none is
// named). Rendered by the "message_preview" fragment.

#include <string>

#include "page_renderer.h"
#include "site_services.h"

namespace pigeon::web {

Data textPreview(SiteServices& services, const std::string& text, const std::string& provider);

}  // namespace pigeon::web
