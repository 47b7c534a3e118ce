#pragma once
// Mail templates (issue 27 item 1): what each mail the product sends may say, and how a template
// is read and filled. A template is data: text with __name__ placeholders, nothing else (no
// conditions, loops or expressions), checked against the placeholders its kind offers when it
// is saved, and filled in one pass, so a value that itself looks like a placeholder ("__link__"
// in a ticket's subject) stays text. Pure: the shipped defaults are the "mail" messages, the
// edited ones rows of mail_template (mail/mail_templates.h).

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace resellermgr::mail {

// One kind of mail: its placeholders (besides brand and panel, which every mail has), the one a
// template may not leave out (a set-password mail without its link is useless), and whether a
// branded reseller may word it for its own clients (mails that go to clients), or only the
// admin (mails to support centres, the installation's sign-up).
struct KindSpec {
  const char* kind;
  std::vector<const char*> placeholders;
  const char* required = nullptr;
  bool for_clients = true;
};

// Every kind of mail the product sends, in the order the template list shows them.
std::span<const KindSpec> Kinds();
const KindSpec* FindKind(std::string_view kind);
// The placeholders of `spec` with the two every mail has.
std::vector<std::string> PlaceholdersOf(const KindSpec& spec);

// Where a template fails: 1-based line and column (in characters), and what is wrong.
struct TemplateError {
  int line = 0, column = 0;
  std::string problem;
  std::string Where() const;  // "line 3, column 7: unknown placeholder __x__"
};

// A template read once: text pieces and placeholder names, in order.
class Template {
 public:
  // Reads `text`; an error names the first problem: a "__" that opens no placeholder, a name
  // that is not one of `allowed`, or (with `required`) that placeholder missing.
  static std::optional<TemplateError> Check(std::string_view text,
                                            const std::vector<std::string>& allowed,
                                            const char* required = nullptr);
  // Reads `text` without checking names (a shipped or stored template, checked when saved):
  // an unknown placeholder renders as nothing, a stray "__" as text.
  static Template Read(std::string_view text);

  // Fills the placeholders from `values`, each value as text for where it goes: a subject is
  // one line (line breaks and other control characters become spaces), a body keeps line
  // breaks and tabs and drops other control characters. Values are never read for placeholders.
  enum class Context { kSubject, kBody };
  std::string Render(const std::map<std::string, std::string>& values, Context context) const;

 private:
  struct Piece {
    bool placeholder;
    std::string text;  // the text, or the placeholder's name
  };
  std::vector<Piece> pieces_;
};

}  // namespace resellermgr::mail
