#pragma once
// Helpers for statements over many rows at once. Row counts are rounded into a few bucket
// sizes so that the per-connection statement caches see a handful of SQL texts, not one per
// batch size.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/value.h"

namespace pigeon::db {

// "?, ?, ?" with n marks.
std::string placeholders(std::size_t n);
// "(?, ?), (?, ?)": `rows` groups of `columns` marks.
std::string rowPlaceholders(std::size_t rows, std::size_t columns);

// Splits n items into chunks whose sizes are powers of two no larger than maxChunk (the last
// ones shrink: 700 -> 512, 128, 32, 16, 8, 4), calling fn(offset, size) for each.
void forEachChunk(std::size_t n, std::size_t maxChunk,
                  const std::function<void(std::size_t offset, std::size_t size)>& fn);

// For "WHERE id IN (...)": pads the list with its last id up to a bucket size (a power of two
// up to 64, then a multiple of 64; a repeated id changes nothing), and runs
// fn(params-as-ids, marks) per chunk. maxChunk should be a multiple of 64.
void forEachIdChunk(const std::vector<std::int64_t>& ids, std::size_t maxChunk,
                    const std::function<void(const Params& ids, const std::string& marks)>& fn);

}  // namespace pigeon::db
