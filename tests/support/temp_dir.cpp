#include "support/temp_dir.h"

#include <stdlib.h>

#include <stdexcept>

namespace pigeon::test {

TempDir::TempDir() {
  auto pattern = (std::filesystem::temp_directory_path() / "pigeon-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace pigeon::test
