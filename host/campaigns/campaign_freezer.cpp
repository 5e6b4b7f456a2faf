#include "campaigns/campaign_freezer.h"

#include <algorithm>

#include "outbox/clock.h"
#include "templates/batch_renderer.h"

namespace pigeon::host {

namespace {

using db::CampaignRecord;
using db::CampaignRepository;

int zoneIndex(std::vector<std::string>& zones, const std::string& zone) {
  auto it = std::find(zones.begin(), zones.end(), zone);
  if (it != zones.end()) return static_cast<int>(it - zones.begin());
  zones.push_back(zone);
  return static_cast<int>(zones.size() - 1);
}

}  // namespace

CampaignFreezer::CampaignFreezer(db::ConnectionPool& pool, StoreWriter& writer,
                                 const EntityService& entities, SelectionService& selections,
                                 TemplateService& templates, const ConsentRegistry& consent,
                                 const phone::PhoneNormalizer& phones, int maxParts,
                                 LeaseCheck holdsLease)
    : pool_(pool),
      writer_(writer),
      entities_(entities),
      selections_(selections),
      templates_(templates),
      consent_(consent),
      maxParts_(maxParts),
      holdsLease_(std::move(holdsLease)),
      zones_(phones) {}

bool CampaignFreezer::step(const CampaignRecord& campaign) {
  const auto after = campaign.frozenAfter.value_or(0);
  const auto selection = selections_.get(campaign.selectionId);
  auto rows = selections_.members(selection, after, kChunk);
  const auto& type = entities_.type(campaign.entityType);
  std::optional<db::TemplateRecord> t;
  if (campaign.templateId) t = templates_.get(campaign.templateId);
  const BatchRenderer renderer(entities_.catalog(), type, t);

  const auto zoneField = campaigns::RecipientZones::zoneField(type);
  std::map<std::int64_t, std::string> ownZones;
  if (zoneField)
    for (const auto& row : rows) ownZones[row.id] = db::asString(row.values[*zoneField]);
  const auto lastId = rows.empty() ? after : rows.back().id;
  const bool complete = static_cast<int>(rows.size()) < kChunk;
  const auto selected = static_cast<std::int64_t>(rows.size());

  std::vector<RenderedRow> rendered;
  {
    auto c = pool_.acquire();
    rendered = renderer.render(*c, std::move(rows));
  }
  auto zones = campaign.zones;
  std::map<std::string, std::int64_t> skipped;
  std::string sample;  // one row that got no message, for the campaign's last_error
  std::vector<db::CampaignRecipient> recipients;
  recipients.reserve(rendered.size());
  for (auto& r : rendered) {
    auto problem = r.problem;
    if (problem.empty()) problem = textProblem(t ? r.text : campaign.body, maxParts_);
    if (problem.empty() && consent_.optedOut(r.to)) problem = "opted_out";
    if (!problem.empty()) {
      if (problem != "opted_out" && sample.empty())
        sample = type.name + " " + std::to_string(r.entityId) + ": " + problem;
      ++skipped[problem];
      continue;
    }
    const auto zone = zones_.zoneFor(ownZones[r.entityId], r.to, campaign.timeZone);
    recipients.push_back({r.entityId, r.to, zoneIndex(zones, zone), std::move(r.text)});
  }

  return writer_.call<bool>([&, this](db::Connection& c) {
    const auto now = nowMs();
    auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
    // Another host took over, the campaign was paused or cancelled, or this chunk is stored
    // already (a job the writer ran twice): nothing to do.
    if (!holdsLease_(c) || !fresh || fresh->state != db::CampaignState::kRunning ||
        fresh->frozenAt || fresh->frozenAfter.value_or(0) != after)
      return false;
    const auto added = CampaignRepository::addRecipients(c, campaign.id, recipients);
    for (const auto& [reason, n] : skipped) fresh->skipped[reason] += n;
    if (const auto duplicates = static_cast<std::int64_t>(recipients.size()) - added)
      fresh->skipped["duplicate_number"] += duplicates;
    fresh->recipients += selected;
    fresh->zones = zones;
    fresh->frozenAfter = lastId;
    if (!sample.empty()) fresh->lastError = sample;
    if (complete) fresh->frozenAt = now;
    CampaignRepository::saveProgress(c, *fresh, now);
    return complete;
  });
}

}  // namespace pigeon::host
