#include "web/page_tables.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace bc::web {
namespace {

bool named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, BAD_CAST name);
  if (v == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool has_class(const xmlNode* n, std::string_view cls) {
  // Appended, not "literal" + string (GCC 12's false -Wrestrict).
  std::string all(" ");
  all.append(attribute(n, "class")).append(" ");
  std::string word(" ");
  word.append(cls).append(" ");
  return all.find(word) != std::string::npos;
}

// The text a person reads in a cell, without what charts, scripts and
// form controls hold.
void append_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content != nullptr) {
      out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      static constexpr const char* kSkipped[] = {"svg",   "script", "style",    "select", "label",
                                                 "input", "button", "textarea", "form"};
      bool skip = false;
      for (const char* s : kSkipped) skip |= named(c, s);
      if (named(c, "br")) out += ' ';
      if (!skip) append_text(c, out);
    }
  }
}

std::string cell_text(const xmlNode* n) {
  std::string raw;
  append_text(n, raw);
  std::string out;
  bool space = false;
  for (char ch : raw) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += ch;
    }
  }
  return out;
}

// The rows of a table (not of tables inside it), into head or body.
void read_rows(const xmlNode* n, bool in_head, present::Table& t) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (named(c, "table")) continue;
    if (named(c, "tr")) {
      std::vector<std::string> row;
      for (const xmlNode* cell = c->children; cell != nullptr; cell = cell->next) {
        if (!named(cell, "td") && !named(cell, "th")) continue;
        row.push_back(cell_text(cell));
        int span = std::atoi(attribute(cell, "colspan").c_str());
        for (int i = 1; i < span && i < 100; ++i) row.emplace_back();
      }
      (in_head ? t.head : t.body).push_back(std::move(row));
    } else if (c->type == XML_ELEMENT_NODE) {
      read_rows(c, in_head || named(c, "thead"), t);
    }
  }
}

const xmlNode* first_table(const xmlNode* n) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (named(c, "table")) return c;
    if (const xmlNode* t = first_table(c)) return t;
  }
  return nullptr;
}

void find_regions(const xmlNode* n, std::vector<present::Table>& out) {
  for (const xmlNode* c = n; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string label;
    if (has_class(c, "table-wrap") && !(label = attribute(c, "aria-label")).empty()) {
      if (const xmlNode* table = first_table(c)) {
        present::Table t;
        t.title = label;
        t.key = present::table_key(label);
        read_rows(table, false, t);
        out.push_back(std::move(t));
        continue;
      }
    }
    find_regions(c->children, out);
  }
}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

std::vector<present::Table> page_tables(std::string_view html) {
  std::vector<present::Table> out;
  if (html.size() > (64u << 20)) return out;  // no page is this big
  std::unique_ptr<xmlDoc, DocFree> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (!doc) return out;
  find_regions(xmlDocGetRootElement(doc.get()), out);
  return out;
}

}  // namespace bc::web
