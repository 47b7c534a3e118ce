#pragma once
// Typed rows: a SELECT list written once, as a macro the statement is built from, and read by
// column name, the name resolved to its position when the program is compiled.
//
//   #define RM_WALLET "w.id, w.balance, COALESCE(w.credit_limit, 0) AS credit_limit"
//   constexpr db::Columns kWallet{RM_WALLET};
//   constexpr char kByAccount[] = "SELECT " RM_WALLET " FROM wallet w WHERE w.account_id = ?";
//   wallet.balance = rows->getInt64(kWallet["balance"]);
//
// A column is named by its alias (`... AS name`) or, for a plain column, by what follows the
// last dot ("w.balance" is "balance"); an expression without an alias has no name. Asking for a
// name the list does not have, or one it has twice, does not compile, so the mapper cannot
// drift from its statement, and a read costs what a positional one does.

#include <array>
#include <cstddef>
#include <string_view>

namespace resellermgr::db {

class Columns {
 public:
  static constexpr std::size_t kMax = 64;

  consteval Columns(const char* list) : Columns(std::string_view(list)) {}  // NOLINT
  consteval explicit Columns(std::string_view text) {
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const char c = i < text.size() ? text[i] : ',';
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ',' && depth == 0) {
        if (count_ == kMax) Fail("more than kMax columns");
        names_[count_++] = NameOf(text.substr(start, i - start));
        start = i + 1;
      }
    }
  }

  // The SELECT list of `statement` ("SELECT <list> FROM ..."): the mapper reads the very text
  // the statement sends.
  static consteval Columns Of(const char* statement) {
    const std::string_view text(statement);
    std::size_t start = 0;
    while (start < text.size() && Space(text[start])) ++start;
    if (!Keyword(text, start, "SELECT")) Fail("not a SELECT");
    start += 6;
    int depth = 0;
    for (std::size_t i = start; i < text.size(); ++i) {
      if (text[i] == '(') ++depth;
      if (text[i] == ')') --depth;
      if (depth == 0 && Space(text[i]) && Keyword(text, i + 1, "FROM") &&
          (i + 5 >= text.size() || Space(text[i + 5])))
        return Columns(text.substr(start, i - start));
    }
    return Columns(text.substr(start));  // SELECT without FROM
  }

  // The 1-based position of the column named `name` (Connector/C++ counts from 1).
  consteval int operator[](std::string_view name) const {
    int found = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      if (names_[i] == name) {
        if (found != 0) Fail("a column name the list has twice");
        found = static_cast<int>(i) + 1;
      }
    }
    if (found == 0) Fail("no such column in the list");
    return found;
  }
  constexpr std::size_t size() const { return count_; }
  // Two statements one mapper reads (a locked and an unlocked read) name the same columns.
  consteval bool operator==(const Columns& other) const {
    if (count_ != other.count_) return false;
    for (std::size_t i = 0; i < count_; ++i)
      if (names_[i] != other.names_[i]) return false;
    return true;
  }

 private:
  // Not constexpr: reaching it makes the constant evaluation, and so the build, fail.
  static void Fail(const char*) {}

  static consteval bool Space(char c) { return c == ' ' || c == '\n' || c == '\t'; }
  static consteval bool Keyword(std::string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char c = text[at + i];
      if (c != word[i] && c != word[i] - 'A' + 'a') return false;
    }
    return true;
  }
  static consteval std::string_view Trim(std::string_view s) {
    while (!s.empty() && Space(s.front())) s.remove_prefix(1);
    while (!s.empty() && Space(s.back())) s.remove_suffix(1);
    return s;
  }
  static consteval bool Word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  // "x AS name" -> name; "t.col" -> col; "col" -> col; anything else -> "" (no name).
  static consteval std::string_view NameOf(std::string_view column) {
    column = Trim(column);
    int depth = 0;
    std::size_t alias = 0;  // where the name after the last top-level " AS " begins
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (column[i] == '(') ++depth;
      if (column[i] == ')') --depth;
      const std::string_view rest = column.substr(i);
      if (depth == 0 && rest.size() > 4 &&
          (rest.substr(0, 4) == " AS " || rest.substr(0, 4) == " as "))
        alias = i + 4;
    }
    if (alias != 0) return Trim(column.substr(alias));
    std::size_t start = column.size();
    while (start > 0 && Word(column[start - 1])) --start;
    if (start > 0 && column[start - 1] != '.') return "";
    if (start > 1) {
      // "t.col": the table part must be a plain word too.
      for (std::size_t i = 0; i + 1 < start; ++i)
        if (!Word(column[i])) return "";
    }
    return column.substr(start);
  }

  std::array<std::string_view, kMax> names_{};
  std::size_t count_ = 0;
};

}  // namespace resellermgr::db
