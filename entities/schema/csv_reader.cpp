#include "schema/csv_reader.h"

#include <array>

namespace pigeon::entity {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::array<char, 4> kDelimiters{',', ';', '\t', '|'};

char guessDelimiter(std::string_view text) {
  std::array<int, kDelimiters.size()> counts{};
  bool quoted = false;
  for (char ch : text) {
    if (ch == '"') quoted = !quoted;
    if (!quoted && (ch == '\n' || ch == '\r')) break;
    if (quoted) continue;
    for (std::size_t i = 0; i < kDelimiters.size(); ++i)
      if (ch == kDelimiters[i]) ++counts[i];
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i)
    if (counts[i] > counts[best]) best = i;
  return kDelimiters[best];
}

}  // namespace

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text) {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
  delimiter_ = delimiter ? delimiter : guessDelimiter(text_.substr(pos_));
}

void CsvReader::skipToNextLine() {
  while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  if (pos_ < text_.size()) ++pos_;
  ++line_;
}

bool CsvReader::next(CsvRecord& out) {
  error_.clear();
  out.cells.clear();
  // Blank lines between records are skipped, as spreadsheets leave them.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  out.line = line_;
  std::string cell;
  while (true) {
    cell.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const std::size_t openedOn = line_;
      ++pos_;
      while (true) {
        const auto quote = text_.find('"', pos_);
        if (quote == std::string_view::npos) {
          errorLine_ = openedOn;
          error_ = "a quoted cell is never closed";
          pos_ = text_.size();
          return false;
        }
        const auto chunk = text_.substr(pos_, quote - pos_);
        for (char ch : chunk) line_ += ch == '\n';
        cell.append(chunk);
        pos_ = quote + 1;
        if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is a quote
          cell += '"';
          ++pos_;
          continue;
        }
        break;
      }
      if (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
          text_[pos_] != '\r') {
        errorLine_ = line_;
        error_ = "text after a closing quote";
        skipToNextLine();
        return false;
      }
    } else {
      const auto start = pos_;
      while (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        if (text_[pos_] == '"') {
          errorLine_ = line_;
          error_ = "a quote inside an unquoted cell (quote the whole cell and double the quote)";
          skipToNextLine();
          return false;
        }
        ++pos_;
      }
      cell.assign(text_.substr(start, pos_ - start));
    }
    out.cells.push_back(cell);
    if (pos_ < text_.size() && text_[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    // End of the record: CRLF, LF, CR or the end of the text.
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > text.size() || (n == 2 && c < 0xC2)) return i;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    if (n == 3) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return i;  // overlong, surrogate
    }
    if (n == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return i;
    }
    i += n;
  }
  return std::nullopt;
}

}  // namespace pigeon::entity
