#include <catch2/catch.hpp>

#include "db/sql_batches.h"

using namespace pigeon::db;

TEST_CASE("chunks are powers of two that cover every item once", "[db]") {
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  forEachChunk(700, 256,
               [&](std::size_t offset, std::size_t size) { chunks.emplace_back(offset, size); });
  const std::vector<std::pair<std::size_t, std::size_t>> expected{
      {0, 256}, {256, 256}, {512, 128}, {640, 32}, {672, 16}, {688, 8}, {696, 4}};
  CHECK(chunks == expected);
  chunks.clear();
  forEachChunk(0, 256,
               [&](std::size_t offset, std::size_t size) { chunks.emplace_back(offset, size); });
  CHECK(chunks.empty());
}

TEST_CASE("id lists are padded with their last id to a bucket size", "[db]") {
  std::vector<std::int64_t> ids;
  for (std::int64_t i = 1; i <= 600; ++i) ids.push_back(i);
  std::vector<std::size_t> sizes;
  std::vector<Params> lists;
  forEachIdChunk(ids, 512, [&](const Params& chunk, const std::string& marks) {
    sizes.push_back(chunk.size());
    lists.push_back(chunk);
    CHECK(std::count(marks.begin(), marks.end(), '?') == static_cast<long>(chunk.size()));
  });
  CHECK(sizes == std::vector<std::size_t>{512, 128});  // 88 left over: padded to 128
  CHECK(asInt(lists[1].front()) == 513);
  CHECK(asInt(lists[1][87]) == 600);
  CHECK(asInt(lists[1].back()) == 600);
  sizes.clear();
  forEachIdChunk({7, 8, 9}, 512,
                 [&](const Params& chunk, const std::string&) { sizes.push_back(chunk.size()); });
  CHECK(sizes == std::vector<std::size_t>{4});
  CHECK(placeholders(3) == "?, ?, ?");
  CHECK(rowPlaceholders(2, 2) == "(?, ?), (?, ?)");
}
