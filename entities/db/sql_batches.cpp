#include "db/sql_batches.h"

namespace pigeon::db {

std::string placeholders(std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string rowPlaceholders(std::size_t rows, std::size_t columns) {
  const auto row = "(" + placeholders(columns) + ")";
  std::string out;
  out.reserve(rows * (row.size() + 2));
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) out += ", ";
    out += row;
  }
  return out;
}

void forEachChunk(std::size_t n, std::size_t maxChunk,
                  const std::function<void(std::size_t, std::size_t)>& fn) {
  std::size_t offset = 0;
  while (offset < n) {
    std::size_t size = maxChunk;
    while (size > n - offset) size /= 2;
    fn(offset, size);
    offset += size;
  }
}

void forEachIdChunk(const std::vector<std::int64_t>& ids, std::size_t maxChunk,
                    const std::function<void(const Params&, const std::string&)>& fn) {
  for (std::size_t offset = 0; offset < ids.size(); offset += maxChunk) {
    const std::size_t real = std::min(maxChunk, ids.size() - offset);
    // Powers of two up to 64, then multiples of 64: few distinct statements, and padding
    // never more than 63 repeated ids (each one a wasted index lookup).
    std::size_t bucket = 1;
    while (bucket < real && bucket < 64) bucket *= 2;
    if (bucket < real) bucket = (real + 63) / 64 * 64;
    Params params;
    params.reserve(bucket);
    for (std::size_t i = 0; i < bucket; ++i)
      params.emplace_back(ids[offset + std::min(i, real - 1)]);
    fn(params, placeholders(bucket));
  }
}

}  // namespace pigeon::db
