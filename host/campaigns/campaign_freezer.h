#pragma once
// Freezes a campaign's recipient list when it starts, a chunk at a time in row order: reads
// the selection's next rows, renders the text for each (BatchRenderer), works out each
// number's time zone, and stores the recipients with the cursor in one transaction, so a freeze
// a crash interrupts goes on from the last chunk stored. Rows that get no message (no number,
// a text that does not render or is too long, a number opted out or already in the list) are
// counted by reason, not stored.

#include <functional>
#include <map>
#include <string>

#include "campaigns/recipient_zones.h"
#include "db/connection_pool.h"
#include "entities/entity_service.h"
#include "keywords/consent_registry.h"
#include "outbox/store_writer.h"
#include "phone/phone_normalizer.h"
#include "repositories/campaign_repository.h"
#include "scheduling/scheduled_work.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

class CampaignFreezer {
public:
  CampaignFreezer(db::ConnectionPool& pool, StoreWriter& writer, const EntityService& entities,
                  SelectionService& selections, TemplateService& templates,
                  const ConsentRegistry& consent, const phone::PhoneNormalizer& phones,
                  int maxParts, LeaseCheck holdsLease);

  // Freezes the next chunk of a running campaign's list. Returns true when the list is
  // complete. Throws ApiError when the selection or the template has gone.
  bool step(const db::CampaignRecord& campaign);

  static constexpr int kChunk = 2000;

private:
  db::ConnectionPool& pool_;
  StoreWriter& writer_;
  const EntityService& entities_;
  SelectionService& selections_;
  TemplateService& templates_;
  const ConsentRegistry& consent_;
  const int maxParts_;
  LeaseCheck holdsLease_;
  campaigns::RecipientZones zones_;
};

}  // namespace pigeon::host
