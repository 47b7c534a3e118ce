#include "core/api_reference.h"

#include <sstream>

namespace resellermgr::core {
namespace {

constexpr char kIntroduction[] = R"md(# resellermgr API reference

Generated from the function registry and `xml/ispmgr_mod_resellermgr.xml` by
`resellerctl api-reference`; a unit test keeps this file equal to that output.

## Calling a function
- `POST /ispmgr` (also `/` and `/manager/ispmgr`) with `application/x-www-form-urlencoded` or
  `multipart/form-data`; GET works too and both are merged. Prefer POST for credentials: a query
  string ends up in access logs.
- `func=NAME` selects the function; `out=xml` (default), `json`/`sjson`/`xjson` ("$" convention),
  `text` or `html`; `lang=en|ru`.
- Credentials: `authinfo=LOGIN:PASSWORD` on every request, or `func=auth&username=&password=` once
  and then `auth=SID` (the reply is `<auth id="SID">SID</auth>`), or a one-time key from
  `session.newkey`. `su=NAME` runs one request as an account below the caller.
- Forms: without `sok` a form function returns the form (current values, select options); with
  `sok=ok` (ISP4: `sok=yes`) it saves. `elid` names the object being edited; none creates one.
- Group actions take `elid=a, b, c` and are all-or-nothing.
- Lists take `p_num`, `p_cnt` (at most 1000), `p_sort` (a column), `p_order=asc|desc`, their
  filter fields, and `elid=a, b` to show only those rows.
- Every changing function takes `idempotency_key` (up to 128 bytes): a repeat with the same
  parameters gets the first reply and changes nothing again.
- Success of a change: `<doc><ok/></doc>` (a create adds `<id>`). Errors come with HTTP 200 as
  `<doc><error type="T" object="O" code="N" ...><msg/><detail/></error></doc>`; `type` is `auth`,
  `exists`, `value` (object = the field), `missed`, `access`, `limit` or `internal`. HTTP 4xx/5xx
  only for transport failures (body too large, resellermgr down), also as typed documents.
- Sizes are MiB (`limit_quota`, `limit_traff`, `quota_used`, `traff_used`; traffic per month). An
  empty limit is no limit of its own (bounded by the owner's pool).

## Functions
)md";

std::string LevelName(AccessLevel level) {
  const std::string number = "(" + std::to_string(static_cast<int>(level)) + ")";
  switch (level) {
    case AccessLevel::kGuest:
      return "anyone";
    case AccessLevel::kUser:
      return "user " + number + " and above";
    case AccessLevel::kReseller:
      return "reseller " + number + " and above";
    case AccessLevel::kAdmin:
      return "admin " + number + " and above";
    case AccessLevel::kSuper:
      return "super " + number;
  }
  return "";
}

std::string EffectName(Effect effect) {
  switch (effect) {
    case Effect::kReads:
      return "reads";
    case Effect::kChanges:
      return "changes state";
    case Effect::kSubmits:
      return "a form: reads without `sok`, saves with `sok=ok`";
  }
  return "";
}

// A table cell: no line breaks, no column separators.
std::string Cell(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void AppendForm(std::ostringstream& out, std::string_view func, pugi::xml_node metadata,
                const Messages& messages) {
  out << "\n| field | input | check | max length | meaning |\n| --- | --- | --- | --- | --- |\n";
  for (pugi::xpath_node found : metadata.select_nodes("form/page/field")) {
    pugi::xml_node field = found.node();
    pugi::xml_node control = field.first_child();
    const std::string name = field.attribute("name").value();
    std::string input = control.name();
    if (control.attribute("type")) input = control.attribute("type").value();
    if (std::string_view(control.attribute("required").value()) == "yes") input += ", required";
    if (input == "select") {
      std::string options;
      for (pugi::xml_node option : control.children("option"))
        options += (options.empty() ? "" : "/") + std::string(option.attribute("key").value());
      if (!options.empty()) input += " (" + options + ")";
    }
    std::string meaning = messages.Find("en", func, name).value_or("");
    if (std::optional<std::string> hint = messages.Find("en", func, "hint_" + name))
      meaning += (meaning.empty() ? "" : ": ") + *hint;
    out << "| `" << name << "` | " << Cell(input) << " | " << control.attribute("check").value()
        << " | " << control.attribute("maxlength").value() << " | " << Cell(meaning) << " |\n";
  }
}

void AppendList(std::ostringstream& out, std::string_view func, pugi::xml_node metadata,
                const Messages& messages) {
  out << "\nColumns (each row is an `<elem>`; `p_sort` takes a column's name):";
  for (pugi::xml_node col : metadata.child("coldata").children("col")) {
    const std::string name = col.attribute("name").value();
    out << " `" << name << "`";
    if (std::optional<std::string> label = messages.Find("en", func, name))
      out << " (" << *label << ")";
  }
  out << ".\n";
  if (pugi::xml_node toolbar = metadata.child("toolbar")) {
    out << "Actions:";
    std::string previous;
    for (pugi::xml_node button : toolbar.children("toolbtn")) {
      const std::string action = button.attribute("func").value();
      if (action != previous) out << " `" << action << "`";
      previous = action;
    }
    out << ".\n";
  }
}

}  // namespace

std::string ApiReference(const FunctionRegistry& registry, const Metadata& metadata,
                         const Messages& messages) {
  std::ostringstream out;
  out << kIntroduction;
  for (const std::string& func : registry.Names()) {
    const FunctionSpec& spec = *registry.Find(func);
    pugi::xml_node meta = metadata.Find(func);
    out << "\n### `" << func << "`\n";
    if (std::optional<std::string> title = messages.Find("en", func, "title"))
      out << *title << ". ";
    out << "Who: " << LevelName(spec.min_level) << ". "
        << "Effect: " << EffectName(spec.effect) << ".";
    if (!spec.group.empty())
      out << " Function group `" << spec.group << "` (can be closed by `reseller.access`).";
    if (spec.effect != Effect::kReads && spec.replays) out << " Takes `idempotency_key`.";
    out << "\n";
    // Parameters of a function without a form, as its messages describe them.
    if (std::optional<std::string> params = messages.Find("en", func, "api"))
      out << "\n" << *params << "\n";
    const std::string_view type = meta.attribute("type").value();
    if (type == "form") AppendForm(out, func, meta, messages);
    if (type == "list") AppendList(out, func, meta, messages);
  }
  return out.str();
}

}  // namespace resellermgr::core
