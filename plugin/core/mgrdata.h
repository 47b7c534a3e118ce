#pragma once
// The plugin's COREmanager metadata is one main file (xml/ispmgr_mod_resellermgr.xml) plus one
// file per newer family beside it (xml/ispmgr_mod_resellermgr_<family>.xml: its lists, forms,
// menu items and en/ru messages). ISPmanager itself loads every ispmgr_mod_*.xml; we merge them
// at load into one document, so Metadata and Messages see one tree.

#include <pugixml.hpp>
#include <string>
#include <vector>

namespace resellermgr::core {

// Loads `main_path` and merges every "<stem>_*.xml" beside it (in name order) into it:
// <metadata> is added, <mainmenu level> nodes join the main menu's node of the same name, and
// <lang>/<messages> sections join those of the same name; then a family's extensions of another
// family's form or toolbar (core/mgrdata.cpp IsExtension) join it, whichever file declares it.
// Throws std::runtime_error for a missing or malformed file, a function declared twice, or an
// extension of a function no file declares.
void LoadMgrData(const std::string& main_path, pugi::xml_document& merged);

// A family file as parsed, and where it came from (for errors).
struct MgrDataFamily {
  std::string origin;
  const pugi::xml_document* document;
};
// The merge LoadMgrData does once the files are parsed: `families` (in that order) into
// `merged`, which holds the main file. Throws std::runtime_error as LoadMgrData does.
void MergeMgrData(pugi::xml_document& merged, const std::vector<MgrDataFamily>& families);

}  // namespace resellermgr::core
