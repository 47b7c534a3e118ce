#include "mail/template.h"

#include <algorithm>

#include "base/text.h"

namespace resellermgr::mail {
namespace {

// clang-format off
const KindSpec kKinds[] = {
    {"account.welcome",   {"name", "login", "link", "days"}, "link"},
    {"login.welcome",     {"name", "login", "company", "link", "days"}, "link"},
    {"password.reset",    {"name", "link"}, "link"},
    {"account.suspended", {"name", "reason"}},
    {"account.resumed",   {"name"}},
    {"ticket.answered",   {"id", "subject", "author", "text"}},
    {"billing.unpaid",    {"name", "day", "amount", "currency", "grace_days"}},
    {"billing.suspended", {"name", "days", "amount", "currency"}},
    {"service.request",   {"client", "service", "message"}, nullptr, false},
    {"signup.verify",     {"login", "amount", "currency", "link"}, "link", false},
    {"signup.welcome",    {"login", "link"}, "link", false},
    {"wallet.low_balance",      {"name", "available", "line", "currency"}},
    {"usage.disk_full_soon",    {"name", "days", "used", "limit"}},
    {"usage.traffic_full_soon", {"name", "days", "used", "limit"}},
    {"access.requested",  {"name", "by", "grantee", "reason", "hours", "link"}, "link", false},
    {"access.override",   {"name", "by", "reason", "minutes"}, nullptr, false},
};
// clang-format on

constexpr std::size_t kMaxName = 32;

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// The placeholder opened by the "__" at `at`: its name and where the text after it starts, or
// nullopt when this "__" opens none (no closing "__" on the line, or a name of other characters).
struct Opened {
  std::string_view name;
  std::size_t next;
};
std::optional<Opened> PlaceholderAt(std::string_view text, std::size_t at) {
  std::size_t end = at + 2;
  while (end < text.size() && IsNameChar(text[end]) && end - at - 2 <= kMaxName) {
    if (text[end] == '_' && end + 1 < text.size() && text[end + 1] == '_') break;
    ++end;
  }
  if (end + 1 >= text.size() || text[end] != '_' || text[end + 1] != '_') return std::nullopt;
  const std::string_view name = text.substr(at + 2, end - at - 2);
  if (name.empty() || name.size() > kMaxName || name.front() < 'a' || name.front() > 'z')
    return std::nullopt;
  return Opened{name, end + 2};
}

// Line and column (in characters) of byte `offset`.
TemplateError At(std::string_view text, std::size_t offset, std::string problem) {
  TemplateError error;
  error.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t from = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
  error.column = 1 + static_cast<int>(base::Utf8Length(text.substr(from, offset - from)));
  error.problem = std::move(problem);
  return error;
}

// `value` as text for its context: see Template::Render.
void AppendValue(std::string& out, std::string_view value, Template::Context context) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else if (context == Template::Context::kBody && (c == '\n' || c == '\t')) {
      out += c;
    } else if (context == Template::Context::kSubject && !out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
}

}  // namespace

std::span<const KindSpec> Kinds() { return kKinds; }

const KindSpec* FindKind(std::string_view kind) {
  for (const KindSpec& spec : kKinds)
    if (kind == spec.kind) return &spec;
  return nullptr;
}

std::vector<std::string> PlaceholdersOf(const KindSpec& spec) {
  std::vector<std::string> names(spec.placeholders.begin(), spec.placeholders.end());
  names.emplace_back("brand");
  names.emplace_back("panel");
  return names;
}

std::string TemplateError::Where() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + problem;
}

std::optional<TemplateError> Template::Check(std::string_view text,
                                             const std::vector<std::string>& allowed,
                                             const char* required) {
  bool has_required = required == nullptr;
  for (std::size_t at = text.find("__"); at != std::string_view::npos; at = text.find("__", at)) {
    const std::optional<Opened> opened = PlaceholderAt(text, at);
    if (!opened) {
      return At(text, at,
                "\"__\" opens no placeholder (a placeholder is __name__, in lower-case letters)");
    }
    if (std::find(allowed.begin(), allowed.end(), opened->name) == allowed.end()) {
      std::string known;
      for (const std::string& name : allowed)
        known += (known.empty() ? "__" : ", __") + name + "__";
      return At(text, at,
                "unknown placeholder __" + std::string(opened->name) + "__ (this mail has " +
                    known + ")");
    }
    has_required = has_required || opened->name == required;
    at = opened->next;
  }
  if (!has_required)
    return At(text, text.size(), "the mail must contain __" + std::string(required) + "__");
  return std::nullopt;
}

Template Template::Read(std::string_view text) {
  Template result;
  std::size_t from = 0;
  for (std::size_t at = text.find("__"); at != std::string_view::npos;) {
    const std::optional<Opened> opened = PlaceholderAt(text, at);
    if (!opened) {
      at = text.find("__", at + 1);
      continue;
    }
    if (at > from) result.pieces_.push_back({false, std::string(text.substr(from, at - from))});
    result.pieces_.push_back({true, std::string(opened->name)});
    from = opened->next;
    at = text.find("__", from);
  }
  if (from < text.size()) result.pieces_.push_back({false, std::string(text.substr(from))});
  return result;
}

std::string Template::Render(const std::map<std::string, std::string>& values,
                             Context context) const {
  std::string out;
  for (const Piece& piece : pieces_) {
    if (!piece.placeholder) {
      out += piece.text;
    } else if (auto value = values.find(piece.text); value != values.end()) {
      AppendValue(out, value->second, context);
    }
  }
  if (context == Context::kSubject) {
    std::string line;
    AppendValue(line, out, context);  // the template's own text is one line too
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  }
  return out;
}

}  // namespace resellermgr::mail
