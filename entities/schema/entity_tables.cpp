#include "schema/entity_tables.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace pigeon::entity {

namespace {

// MySQL indexes at most 3 072 bytes of a key: a longer text column is indexed by a prefix.
constexpr int kMysqlIndexableChars = 768;
constexpr int kMysqlIndexPrefix = 255;

struct ColumnType {
  FieldType type;
  const char* sqlite;
  const char* mysql;  // kString is sized by the field instead
};
constexpr std::array<ColumnType, 10> kColumnTypes{{
    {FieldType::kString, "TEXT", nullptr},
    {FieldType::kPhone, "TEXT", "VARCHAR(32)"},
    {FieldType::kInteger, "INTEGER", "BIGINT"},
    {FieldType::kDecimal, "REAL", "DOUBLE"},
    {FieldType::kMoney, "INTEGER", "BIGINT"},  // ten-thousandths: exact on both stores
    {FieldType::kDate, "TEXT", "CHAR(10)"},    // YYYY-MM-DD sorts as it compares
    {FieldType::kDateTime, "INTEGER", "BIGINT"},
    {FieldType::kBoolean, "INTEGER", "SMALLINT"},
    {FieldType::kEnum, "TEXT", "VARCHAR(64)"},
    {FieldType::kReference, "INTEGER", "BIGINT"},
}};

bool mysqlText(const Field& f) {
  return f.type == FieldType::kString && f.maxLength > kMysqlIndexableChars;
}

std::string indexName(const EntityType& type, const Field& f) {
  return EntityTables::table(type) + "_" + f.name;
}

// CREATE INDEX IF NOT EXISTS is SQLite's and MariaDB's, not MySQL's: the catalogs are asked.
bool indexExists(db::Connection& c, const std::string& table, const std::string& name) {
  if (c.dialect().backend() == db::Backend::kSqlite)
    return !c.query("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", {name})
                .empty();
  return !c.query(
               "SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE()"
               " AND table_name = ? AND index_name = ?",
               {table, name})
              .empty();
}

void createIndex(db::Connection& c, const std::string& table, const std::string& name,
                 const std::string& columns, bool unique) {
  if (indexExists(c, table, name)) return;
  c.execute(std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + name + " ON " + table +
            " (" + columns + ")");
}

void createIndex(db::Connection& c, const EntityType& type, const Field& f) {
  const bool prefix = c.dialect().backend() == db::Backend::kMysql && mysqlText(f);
  createIndex(
      c, EntityTables::table(type), indexName(type, f),
      EntityTables::column(f) + (prefix ? "(" + std::to_string(kMysqlIndexPrefix) + ")" : ""),
      false);
}

// The type each field was stored as, from entity_columns.
std::map<std::string, std::string> recordedTypes(db::Connection& c, const EntityType& type) {
  std::map<std::string, std::string> out;
  for (const auto& r :
       c.query("SELECT field, field_type FROM entity_columns WHERE entity_type = ?", {type.name})
           .rows)
    out[db::asString(r[0])] = db::asString(r[1]);
  return out;
}

// What keeps the type from being served as declared, or empty.
std::string changedType(const EntityType& type,
                        const std::map<std::string, std::string>& recorded) {
  for (const auto& f : type.fields) {
    auto it = recorded.find(f.name);
    if (it != recorded.end() && it->second != fieldTypeName(f.type))
      return "field '" + f.name + "' is stored as " + it->second + " but now declared " +
             fieldTypeName(f.type) +
             "; stored values are never converted: declare the new field under another name";
  }
  return "";
}

void syncType(db::Connection& c, const EntityType& type,
              const std::map<std::string, std::string>& recorded, std::int64_t now) {
  const auto table = EntityTables::table(type);
  // MySQL commits DDL as it goes, so every step may find the one before it done already.
  c.execute(c.dialect().expand("CREATE TABLE IF NOT EXISTS " + table +
                               " (id {pk}, external_id {str}, created_at BIGINT NOT NULL,"
                               " updated_at BIGINT NOT NULL){table_options}"));
  createIndex(c, table, table + "_external", "external_id", true);
  const auto existing = c.query("SELECT * FROM " + table + " WHERE 1 = 0").columns;
  const std::set<std::string> columns(existing.begin(), existing.end());
  for (const auto& f : type.fields) {
    if (!columns.count(f.name))
      c.execute("ALTER TABLE " + table + " ADD COLUMN " + EntityTables::column(f) + " " +
                EntityTables::columnType(f, c.dialect().backend()));
    if (f.indexed) createIndex(c, type, f);
    if (!recorded.count(f.name))
      c.execute(
          "INSERT INTO entity_columns (entity_type, field, field_type, added_at)"
          " VALUES (?, ?, ?, ?)",
          {type.name, f.name, std::string(fieldTypeName(f.type)), now});
  }
}

}  // namespace

std::string EntityTables::columnType(const Field& field, db::Backend backend) {
  const auto it = std::find_if(kColumnTypes.begin(), kColumnTypes.end(),
                               [&](const ColumnType& t) { return t.type == field.type; });
  if (backend == db::Backend::kSqlite) return it->sqlite;
  if (field.type != FieldType::kString) return it->mysql;
  return mysqlText(field) ? "TEXT" : "VARCHAR(" + std::to_string(field.maxLength) + ")";
}

void EntityTables::sync(db::Connection& c, EntityCatalog& catalog,
                        std::vector<RefusedType>& refused, std::int64_t now) {
  std::vector<std::pair<std::string, std::string>> drops;
  for (const auto& type : catalog.types()) {
    const auto recorded = recordedTypes(c, type);
    if (auto problem = changedType(type, recorded); !problem.empty()) {
      drops.emplace_back(type.name, problem);
      continue;
    }
    // A type the store cannot take (a name too long for MySQL, a row too wide) is refused
    // with the store's reason; the others are served.
    try {
      db::Transaction tx(c);
      syncType(c, type, recorded, now);
      tx.commit();
    } catch (const db::DbError& e) {
      drops.emplace_back(type.name, std::string("the store refused its table: ") + e.what());
    }
  }
  for (const auto& [name, reason] : drops) catalog.drop(name, reason, refused);
}

}  // namespace pigeon::entity
