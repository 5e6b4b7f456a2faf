#include "repositories/campaign_repository.h"

#include <array>

#include "db/comma_list.h"
#include "db/sql_batches.h"

namespace pigeon::db {

namespace {

constexpr std::array<const char*, 6> kStateNames{"draft",  "scheduled", "running",
                                                 "paused", "completed", "cancelled"};

constexpr const char* kSelect =
    "SELECT id, name, state, entity_type, selection_id, template_id, body, from_number,"
    " from_instance, priority, starts_at, ends_at, quiet_from, quiet_to, time_zone, rate_per_s,"
    " created_by, created_by_id, created_at, updated_at, started_at, frozen_after, frozen_at,"
    " finished_at, zones, recipients, queued, skipped, inbound_after, last_error FROM campaigns";

constexpr std::size_t kRecipientColumns = 6;
constexpr std::size_t kRecipientChunk = 256;
constexpr std::size_t kIdChunk = 512;

// "opted_out:3,no_phone:1": reasons are plain words.
std::map<std::string, std::int64_t> readCounts(const std::string& text) {
  std::map<std::string, std::int64_t> out;
  for (const auto& item : splitCommaList(text)) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) continue;
    out[item.substr(0, colon)] = std::stoll(item.substr(colon + 1));
  }
  return out;
}

std::string writeCounts(const std::map<std::string, std::int64_t>& counts) {
  std::vector<std::string> items;
  for (const auto& [reason, n] : counts) items.push_back(reason + ":" + std::to_string(n));
  return joinCommaList(items);
}

CampaignRecord read(const std::vector<Value>& r) {
  CampaignRecord c;
  c.id = asInt(r[0]);
  c.name = asString(r[1]);
  c.state = parseCampaignState(asString(r[2])).value_or(CampaignState::kDraft);
  c.entityType = asString(r[3]);
  c.selectionId = asInt(r[4]);
  c.templateId = asInt(r[5]);
  c.body = asString(r[6]);
  c.from = asString(r[7]);
  c.fromInstance = asString(r[8]);
  c.priority = static_cast<Priority>(asInt(r[9], 2));
  c.startsAt = asInt(r[10]);
  c.endsAt = asInt(r[11]);
  c.quietFrom = static_cast<int>(asInt(r[12], -1));
  c.quietTo = static_cast<int>(asInt(r[13], -1));
  c.timeZone = asString(r[14]);
  c.ratePerSecond = static_cast<int>(asInt(r[15]));
  c.author = asString(r[16]);
  c.authorId = asInt(r[17]);
  c.createdAt = asInt(r[18]);
  c.updatedAt = asInt(r[19]);
  c.startedAt = asInt(r[20]);
  if (!isNull(r[21])) c.frozenAfter = asInt(r[21]);
  c.frozenAt = asInt(r[22]);
  c.finishedAt = asInt(r[23]);
  c.zones = splitCommaList(asString(r[24]));
  c.recipients = asInt(r[25]);
  c.queued = asInt(r[26]);
  c.skipped = readCounts(asString(r[27]));
  c.inboundAfter = asInt(r[28]);
  c.lastError = asString(r[29]);
  return c;
}

std::int64_t countOf(Connection& c, std::string_view sql, const Params& params) {
  auto rows = c.query(sql, params);
  return rows.empty() ? 0 : asInt(rows.rows[0][0]);
}

std::optional<CampaignRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

Params definitionParams(const CampaignRecord& r) {
  return {r.name,
          r.entityType,
          r.selectionId,
          intOrNull(r.templateId),
          textOrNull(r.body),
          textOrNull(r.from),
          textOrNull(r.fromInstance),
          std::int64_t{static_cast<int>(r.priority)},
          r.startsAt,
          intOrNull(r.endsAt),
          intOrNull(r.quietFrom, -1),
          intOrNull(r.quietTo, -1),
          r.timeZone,
          std::int64_t{r.ratePerSecond}};
}

void forEachEntityChunk(Connection& c, const char* head, Params first,
                        const std::vector<std::int64_t>& ids) {
  forEachIdChunk(ids, kIdChunk, [&](const Params& chunk, const std::string& marks) {
    Params p = first;
    p.insert(p.end(), chunk.begin(), chunk.end());
    c.execute(std::string(head) + " AND entity_id IN (" + marks + ")", p);
  });
}

}  // namespace

std::int64_t CampaignRecord::skippedTotal() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

const char* campaignStateName(CampaignState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<CampaignState> parseCampaignState(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i)
    if (name == kStateNames[i]) return static_cast<CampaignState>(i);
  return std::nullopt;
}

std::vector<CampaignRecord> CampaignRepository::all(Connection& c) {
  std::vector<CampaignRecord> out;
  for (const auto& r : c.query(std::string(kSelect) + " ORDER BY id DESC").rows)
    out.push_back(read(r));
  return out;
}

std::vector<CampaignRecord> CampaignRepository::active(Connection& c) {
  std::vector<CampaignRecord> out;
  for (const auto& r :
       c.query(std::string(kSelect) + " WHERE state IN ('scheduled', 'running') ORDER BY id").rows)
    out.push_back(read(r));
  return out;
}

std::optional<CampaignRecord> CampaignRepository::find(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?", {id}));
}

std::optional<CampaignRecord> CampaignRepository::findForUpdate(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?" + c.dialect().rowLockSuffix(), {id}));
}

std::optional<std::int64_t> CampaignRepository::idByName(Connection& c, const std::string& name) {
  auto rows = c.query("SELECT id FROM campaigns WHERE name = ?", {name});
  if (rows.empty()) return std::nullopt;
  return asInt(rows.rows[0][0]);
}

std::int64_t CampaignRepository::insert(Connection& c, const CampaignRecord& r, std::int64_t now) {
  auto p = definitionParams(r);
  p.insert(p.end(),
           {std::string(campaignStateName(r.state)), textOrNull(r.author), r.authorId, now, now});
  return c.insert(
      "INSERT INTO campaigns (name, entity_type, selection_id, template_id, body, from_number,"
      " from_instance, priority, starts_at, ends_at, quiet_from, quiet_to, time_zone, rate_per_s,"
      " state, created_by, created_by_id, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p);
}

void CampaignRepository::updateDefinition(Connection& c, const CampaignRecord& r,
                                          std::int64_t now) {
  auto p = definitionParams(r);
  p.insert(p.end(), {textOrNull(r.author), r.authorId, now, r.id});
  c.execute(
      "UPDATE campaigns SET name = ?, entity_type = ?, selection_id = ?, template_id = ?,"
      " body = ?, from_number = ?, from_instance = ?, priority = ?, starts_at = ?, ends_at = ?,"
      " quiet_from = ?, quiet_to = ?, time_zone = ?, rate_per_s = ?, created_by = ?,"
      " created_by_id = ?, updated_at = ? WHERE id = ?",
      p);
}

bool CampaignRepository::remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM campaign_recipients WHERE campaign_id = ?", {id});
  return c.execute("DELETE FROM campaigns WHERE id = ?", {id}) > 0;
}

bool CampaignRepository::setState(Connection& c, std::int64_t id,
                                  const std::vector<CampaignState>& from, CampaignState to,
                                  std::int64_t now) {
  Params p{std::string(campaignStateName(to)), now, id};
  for (auto s : from) p.emplace_back(std::string(campaignStateName(s)));
  return c.execute("UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ? AND state IN (" +
                       placeholders(from.size()) + ")",
                   p) > 0;
}

void CampaignRepository::markStarted(Connection& c, std::int64_t id, std::int64_t now,
                                     std::int64_t inboundAfter) {
  c.execute(
      "UPDATE campaigns SET state = 'running', started_at = ?, frozen_after = 0,"
      " inbound_after = ?, updated_at = ? WHERE id = ?",
      {now, inboundAfter, now, id});
}

void CampaignRepository::saveProgress(Connection& c, const CampaignRecord& r, std::int64_t now) {
  c.execute(
      "UPDATE campaigns SET frozen_after = ?, frozen_at = ?, zones = ?, recipients = ?,"
      " queued = ?, skipped = ?, last_error = ?, updated_at = ? WHERE id = ?",
      {r.frozenAfter ? Value(*r.frozenAfter) : Value(), intOrNull(r.frozenAt),
       textOrNull(joinCommaList(r.zones)), r.recipients, r.queued,
       textOrNull(writeCounts(r.skipped)), textOrNull(r.lastError), now, r.id});
}

void CampaignRepository::finish(Connection& c, std::int64_t id, CampaignState to,
                                std::int64_t now) {
  c.execute("UPDATE campaigns SET state = ?, finished_at = ?, updated_at = ? WHERE id = ?",
            {std::string(campaignStateName(to)), now, now, id});
}

std::int64_t CampaignRepository::addRecipients(Connection& c, std::int64_t campaignId,
                                               const std::vector<CampaignRecipient>& recipients) {
  std::int64_t added = 0;
  const std::string head =
      std::string(c.dialect().insertIgnore()) +
      " INTO campaign_recipients (campaign_id, entity_id, to_number, zone, state, body) VALUES ";
  forEachChunk(recipients.size(), kRecipientChunk, [&](std::size_t offset, std::size_t size) {
    Params p;
    p.reserve(size * kRecipientColumns);
    for (std::size_t i = 0; i < size; ++i) {
      const auto& r = recipients[offset + i];
      p.insert(p.end(), {campaignId, r.entityId, r.to, std::int64_t{r.zone}, std::int64_t{0},
                         textOrNull(r.body)});
    }
    added += c.execute(head + rowPlaceholders(size, kRecipientColumns), p);
  });
  return added;
}

std::vector<CampaignRecipient> CampaignRepository::waiting(Connection& c, std::int64_t campaignId,
                                                           int zone, int limit) {
  std::vector<CampaignRecipient> out;
  // MariaDB would walk the primary key (campaign, row) in order and step over every recipient
  // queued already, a longer walk at every step of a big campaign: the (campaign, zone,
  // state, row) index starts at the first waiting one.
  const char* index = c.dialect().backend() == Backend::kMysql
                          ? " FORCE INDEX (campaign_recipients_due)"
                          : " INDEXED BY campaign_recipients_due";
  auto rows = c.query(
      std::string("SELECT entity_id, to_number, zone, body FROM campaign_recipients") + index +
          " WHERE campaign_id = ? AND zone = ? AND state = 0 ORDER BY entity_id LIMIT ?",
      {campaignId, std::int64_t{zone}, std::int64_t{limit}});
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows)
    out.push_back({asInt(r[0]), asString(r[1]), static_cast<int>(asInt(r[2])), asString(r[3])});
  return out;
}

void CampaignRepository::markQueued(Connection& c, std::int64_t campaignId,
                                    const std::vector<std::int64_t>& entityIds) {
  forEachEntityChunk(c, "UPDATE campaign_recipients SET state = 1 WHERE campaign_id = ?",
                     {campaignId}, entityIds);
}

void CampaignRepository::markSkipped(Connection& c, std::int64_t campaignId,
                                     const std::vector<std::int64_t>& entityIds,
                                     const std::string& reason) {
  forEachEntityChunk(c,
                     "UPDATE campaign_recipients SET state = 2, reason = ? WHERE campaign_id = ?",
                     {reason, campaignId}, entityIds);
}

std::int64_t CampaignRepository::skipWaiting(Connection& c, std::int64_t campaignId,
                                             const std::string& reason) {
  return c.execute(
      "UPDATE campaign_recipients SET state = 2, reason = ? WHERE campaign_id = ? AND state = 0",
      {reason, campaignId});
}

std::int64_t CampaignRepository::withdrawQueued(Connection& c, std::int64_t campaignId) {
  auto rows = c.query(std::string("SELECT id, to_number FROM messages WHERE campaign_id = ? AND"
                                  " status = 'queued' AND attempts = 0") +
                          c.dialect().rowLockSuffix(),
                      {campaignId});
  if (rows.empty()) return 0;
  std::vector<std::int64_t> ids;
  std::vector<std::string> numbers;
  for (const auto& r : rows.rows) {
    ids.push_back(asInt(r[0]));
    numbers.push_back(asString(r[1]));
  }
  forEachIdChunk(ids, kIdChunk, [&](const Params& chunk, const std::string& marks) {
    c.execute("DELETE FROM messages WHERE id IN (" + marks + ")", chunk);
  });
  forEachChunk(numbers.size(), kIdChunk, [&](std::size_t offset, std::size_t size) {
    Params p{campaignId};
    for (std::size_t i = 0; i < size; ++i) p.emplace_back(numbers[offset + i]);
    c.execute("UPDATE campaign_recipients SET state = 0 WHERE campaign_id = ? AND to_number IN (" +
                  placeholders(size) + ")",
              p);
  });
  return static_cast<std::int64_t>(ids.size());
}

std::int64_t CampaignRepository::queuedMessages(Connection& c, std::int64_t campaignId) {
  auto rows = c.query("SELECT COUNT(*) FROM messages WHERE campaign_id = ? AND status = 'queued'",
                      {campaignId});
  return rows.empty() ? 0 : asInt(rows.rows[0][0]);
}

std::int64_t CampaignRepository::unsentMessages(Connection& c, std::int64_t campaignId) {
  // One status each: SQLite's partial index serves "status = ?", not an IN list.
  std::int64_t n = 0;
  for (const char* status : {"queued", "sending"})
    n += countOf(c, "SELECT COUNT(*) FROM messages WHERE campaign_id = ? AND status = ?",
                 {campaignId, std::string(status)});
  return n;
}

std::map<MessageStatus, std::int64_t> CampaignRepository::messageCounts(Connection& c,
                                                                        std::int64_t campaignId) {
  std::map<MessageStatus, std::int64_t> out;
  for (const auto& r :
       c.query("SELECT status, COUNT(*) FROM messages WHERE campaign_id = ? GROUP BY status",
               {campaignId})
           .rows)
    if (auto s = parseStatus(asString(r[0]))) out[*s] = asInt(r[1]);
  return out;
}

std::int64_t CampaignRepository::replied(Connection& c, const CampaignRecord& r) {
  if (!r.startedAt) return 0;
  return countOf(
      c,
      "SELECT COUNT(DISTINCT i.from_number) FROM inbound_messages i JOIN campaign_recipients r"
      " ON r.campaign_id = ? AND r.to_number = i.from_number AND r.state = 1 WHERE i.id > ?",
      {r.id, r.inboundAfter});
}

std::int64_t CampaignRepository::optedOutSince(Connection& c, const CampaignRecord& r) {
  if (!r.startedAt) return 0;
  return countOf(c,
                 "SELECT COUNT(*) FROM opt_outs o JOIN campaign_recipients r ON r.campaign_id = ?"
                 " AND r.to_number = o.phone AND r.state = 1 WHERE o.since >= ?",
                 {r.id, r.startedAt});
}

}  // namespace pigeon::db
