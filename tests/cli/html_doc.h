// Reading generated HTML in tests with an independent parser (libxml2's
// HTML parser and XPath), so tests check what a browser would see rather
// than the bytes bettercare happened to write.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <string>
#include <vector>

namespace bc::test {

class HtmlDoc {
 public:
  explicit HtmlDoc(const std::string& html) {
    doc_ = htmlReadMemory(html.data(), static_cast<int>(html.size()), "report.html", "UTF-8",
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc_ != nullptr) ctx_ = xmlXPathNewContext(doc_);
  }
  ~HtmlDoc() {
    if (ctx_ != nullptr) xmlXPathFreeContext(ctx_);
    if (doc_ != nullptr) xmlFreeDoc(doc_);
  }
  HtmlDoc(const HtmlDoc&) = delete;
  HtmlDoc& operator=(const HtmlDoc&) = delete;

  bool ok() const { return doc_ != nullptr && ctx_ != nullptr; }

  // The nodes an XPath expression selects, relative to `from` (the document
  // when null).
  std::vector<xmlNodePtr> all(const std::string& xpath, xmlNodePtr from = nullptr) const {
    std::vector<xmlNodePtr> out;
    if (!ok()) return out;
    xmlXPathObjectPtr r =
        from == nullptr
            ? xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx_)
            : xmlXPathNodeEval(from, reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx_);
    if (r != nullptr && r->nodesetval != nullptr) {
      for (int i = 0; i < r->nodesetval->nodeNr; ++i) out.push_back(r->nodesetval->nodeTab[i]);
    }
    if (r != nullptr) xmlXPathFreeObject(r);
    return out;
  }
  xmlNodePtr one(const std::string& xpath, xmlNodePtr from = nullptr) const {
    auto v = all(xpath, from);
    return v.empty() ? nullptr : v.front();
  }

  static std::string text(xmlNodePtr n) {
    if (n == nullptr) return "(missing)";
    xmlChar* t = xmlNodeGetContent(n);
    std::string s = t != nullptr ? reinterpret_cast<const char*>(t) : "";
    xmlFree(t);
    // Collapse whitespace as a reader sees it.
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }
  static std::string attr(xmlNodePtr n, const char* name) {
    if (n == nullptr) return "(missing)";
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return s;
  }
  xmlNodePtr root() const { return doc_ != nullptr ? xmlDocGetRootElement(doc_) : nullptr; }

 private:
  htmlDocPtr doc_ = nullptr;
  xmlXPathContextPtr ctx_ = nullptr;
};

// Every reference from the document to anything outside it: attributes that
// load or link (src, href other than "#fragment", xlink:href, srcset,
// poster, data, action, formaction, background), elements that embed
// (script, link, iframe, object, embed, img, image, video, audio, source,
// base, meta refresh) and url() or @import in styles. Empty when the
// document is self-contained.
inline std::vector<std::string> external_references(const HtmlDoc& doc) {
  std::vector<std::string> found;
  for (xmlNodePtr n : doc.all("//*")) {
    std::string name = reinterpret_cast<const char*>(n->name);
    for (const char* el : {"script", "link", "iframe", "object", "embed", "img", "image", "video",
                           "audio", "source", "base", "frame", "track"}) {
      if (name == el) found.push_back("element <" + name + ">");
    }
    if (name == "meta" && HtmlDoc::attr(n, "http-equiv") == "refresh")
      found.push_back("meta refresh");
    for (xmlAttrPtr a = n->properties; a != nullptr; a = a->next) {
      std::string an = reinterpret_cast<const char*>(a->name);
      std::string v = HtmlDoc::attr(n, an.c_str());
      const bool is_href = an == "href" || an.ends_with(":href");
      if (is_href && !v.empty() && v[0] == '#') continue;  // within the document
      if (is_href) found.push_back("<" + name + " " + an + "=\"" + v + "\">");
      for (const char* bad : {"src", "srcset", "poster", "data", "action", "formaction",
                              "background", "ping", "manifest"}) {
        if (an == bad) found.push_back("<" + name + " " + an + "=\"" + v + "\">");
      }
      if (an.rfind("on", 0) == 0) found.push_back("<" + name + " " + an + "> (a script)");
      if (v.find("url(") != std::string::npos || v.find("@import") != std::string::npos)
        found.push_back("<" + name + " " + an + "> loads " + v);
    }
    if (name == "style") {
      std::string css = HtmlDoc::text(n);
      if (css.find("url(") != std::string::npos || css.find("@import") != std::string::npos)
        found.push_back("<style> loads something");
    }
  }
  return found;
}

}  // namespace bc::test
