#pragma once
// RFC 4180 CSV, read record by record from text already in memory: quoted cells may hold the
// delimiter, doubled quotes and line breaks; CRLF and LF both end a record; a UTF-8 byte order
// mark at the start is skipped. The delimiter is given or guessed from the header line.
// Errors (an unterminated quote, a quote in the middle of an unquoted cell) come with their line.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pigeon::entity {

struct CsvRecord {
  std::size_t line = 0;  // the line the record starts on, from 1
  std::vector<std::string> cells;
};

class CsvReader {
public:
  // `delimiter` 0: guessed from the first line (the most frequent of , ; tab and |, outside
  // quotes; ',' when none appears).
  explicit CsvReader(std::string_view text, char delimiter = 0);

  char delimiter() const { return delimiter_; }
  // The next record into `out`; false at the end of the text. A malformed record sets error()
  // and returns false; reading can go on from the next line.
  bool next(CsvRecord& out);
  const std::string& error() const { return error_; }
  std::size_t errorLine() const { return errorLine_; }
  // How far reading has got, in bytes, for progress.
  std::size_t position() const { return pos_; }
  std::size_t size() const { return text_.size(); }

private:
  void skipToNextLine();

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::string error_;
  std::size_t errorLine_ = 0;
};

// Whether `text` is valid UTF-8; the byte offset of the first bad byte otherwise.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

}  // namespace pigeon::entity
