#include "pages/text_preview.h"

#include <cstdio>

#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::web {

namespace {

std::string displayEncoding(sdk::Encoding e) {
  return e == sdk::Encoding::kGsm7 ? "GSM-7" : "UCS-2";
}

std::string money(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

}  // namespace

Data textPreview(SiteServices& services, const std::string& body, const std::string& providerName) {
  Data d;
  const auto analysis = sdk::text::analyzeText(body);
  if (body.empty()) {
    d.set("empty", true);
    return d;
  }
  d.set("encoding", displayEncoding(analysis.encoding));
  d.set("parts", std::to_string(analysis.parts));
  d.set("partsWord", analysis.parts == 1 ? "part" : "parts");
  d.set("units", std::to_string(analysis.units));
  auto instance = providerName.empty() ? services.providers.defaultInstance()
                                       : services.providers.find(providerName);
  if (!instance) {
    d.set("cost", "unknown (no such provider instance)");
    return d;
  }
  const double cost = analysis.parts * instance->pricePerPart();
  auto balance = instance->cachedBalance(services.providerAdmin.pluginTimeout());
  d.set("cost",
        money(cost) + (balance ? " " + balance.value().currency : "") + " via " + instance->name());
  return d;
}

}  // namespace pigeon::web
