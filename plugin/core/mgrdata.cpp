#include "core/mgrdata.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <vector>

namespace resellermgr::core {
namespace {

namespace fs = std::filesystem;

void Load(const std::string& path, pugi::xml_document& doc) {
  pugi::xml_parse_result parsed = doc.load_file(path.c_str());
  if (!parsed) throw std::runtime_error("cannot load " + path + ": " + parsed.description());
  if (!doc.child("mgrdata")) throw std::runtime_error(path + ": no <mgrdata>");
}

// The child of `parent` named `name` whose attribute `key` is `value`, created when missing.
pugi::xml_node ChildWith(pugi::xml_node parent, const char* name, const char* key,
                         const char* value) {
  pugi::xml_node found = parent.find_child_by_attribute(name, key, value);
  if (found) return found;
  found = parent.append_child(name);
  found.append_attribute(key) = value;
  return found;
}

void AppendChildren(pugi::xml_node to, pugi::xml_node from) {
  for (pugi::xml_node child : from.children()) to.append_copy(child);
}

// A family's <metadata> that names another family's, without a type of its own, and holds only a
// <toolbar> and/or a <form> extends it (COREmanager merges same-named metadata the same way), so no
// family edits another's file: each button goes after the one its `after` names, or last; each
// page's fields join the page of that name (a page it does not have is added).
bool IsExtension(pugi::xml_node metadata) {
  if (metadata.attribute("type")) return false;  // a declaration of its own, not a part
  bool any = false;
  for (pugi::xml_node child : metadata.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (name != "toolbar" && name != "form") return false;
    any = true;
  }
  return any;
}

void ExtendForm(pugi::xml_node metadata, pugi::xml_node additions) {
  pugi::xml_node form = metadata.child("form");
  if (!form) form = metadata.append_child("form");
  for (pugi::xml_node page : additions.children("page")) {
    pugi::xml_node existing =
        form.find_child_by_attribute("page", "name", page.attribute("name").value());
    if (!existing) {
      form.append_copy(page);
      continue;
    }
    for (pugi::xml_node field : page.children()) existing.append_copy(field);
  }
}

void ExtendToolbar(pugi::xml_node metadata, pugi::xml_node additions) {
  pugi::xml_node toolbar = metadata.child("toolbar");
  if (!toolbar) toolbar = metadata.append_child("toolbar");
  for (pugi::xml_node button : additions.children("toolbtn")) {
    const char* after = button.attribute("after").value();
    pugi::xml_node anchor =
        *after ? toolbar.find_child_by_attribute("toolbtn", "name", after) : pugi::xml_node();
    pugi::xml_node added =
        anchor ? toolbar.insert_copy_after(button, anchor) : toolbar.append_copy(button);
    added.remove_attribute("after");
  }
}

// Files merge in two passes, so a family may extend a form or toolbar whichever file declares it:
// first what each declares (metadata, menus, messages), then the extensions.
enum class Pass { kDeclarations, kExtensions };

void Merge(pugi::xml_node main, pugi::xml_node family, const std::string& path, Pass pass) {
  for (pugi::xml_node node : family.children()) {
    const std::string_view kind = node.name();
    if (kind == "metadata") {
      if (IsExtension(node) != (pass == Pass::kExtensions)) continue;
      pugi::xml_node existing =
          main.find_child_by_attribute("metadata", "name", node.attribute("name").value());
      if (pass == Pass::kExtensions) {
        if (!existing)
          throw std::runtime_error(path + ": extends " + node.attribute("name").value() +
                                   ", which no file declares");
        if (node.child("toolbar")) ExtendToolbar(existing, node.child("toolbar"));
        if (node.child("form")) ExtendForm(existing, node.child("form"));
      } else if (existing) {
        throw std::runtime_error(path + ": " + node.attribute("name").value() + " declared twice");
      } else {
        main.append_copy(node);
      }
    } else if (pass == Pass::kExtensions) {
      continue;
    } else if (kind == "mainmenu") {
      pugi::xml_node menu = ChildWith(main, "mainmenu", "level", node.attribute("level").value());
      for (pugi::xml_node item : node.children("node"))
        AppendChildren(ChildWith(menu, "node", "name", item.attribute("name").value()), item);
    } else if (kind == "lang") {
      pugi::xml_node lang = ChildWith(main, "lang", "name", node.attribute("name").value());
      for (pugi::xml_node section : node.children("messages"))
        AppendChildren(ChildWith(lang, "messages", "name", section.attribute("name").value()),
                       section);
    } else if (node.type() == pugi::node_element) {
      main.append_copy(node);
    }
  }
}

}  // namespace

void LoadMgrData(const std::string& main_path, pugi::xml_document& merged) {
  Load(main_path, merged);
  const fs::path main(main_path);
  const std::string prefix = main.stem().string() + "_";
  std::vector<fs::path> families;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(main.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && entry.path().extension() == ".xml")
      families.push_back(entry.path());
  }
  std::sort(families.begin(), families.end());
  std::vector<pugi::xml_document> loaded(families.size());
  std::vector<MgrDataFamily> parsed;
  for (std::size_t i = 0; i < families.size(); ++i) {
    Load(families[i].string(), loaded[i]);
    parsed.push_back({families[i].string(), &loaded[i]});
  }
  MergeMgrData(merged, parsed);
}

void MergeMgrData(pugi::xml_document& merged, const std::vector<MgrDataFamily>& families) {
  if (!merged.child("mgrdata")) throw std::runtime_error("the main file has no <mgrdata>");
  for (const MgrDataFamily& family : families) {
    if (!family.document->child("mgrdata"))
      throw std::runtime_error(family.origin + ": no <mgrdata>");
    Merge(merged.child("mgrdata"), family.document->child("mgrdata"), family.origin,
          Pass::kDeclarations);
  }
  for (const MgrDataFamily& family : families)
    Merge(merged.child("mgrdata"), family.document->child("mgrdata"), family.origin,
          Pass::kExtensions);
}

}  // namespace resellermgr::core
