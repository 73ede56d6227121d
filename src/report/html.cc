#include "report/html.h"

#include "present/html_escape.h"
#include "report/chart.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace bc::report {

using present::html_escape;
namespace {

// The stylesheet of every board document: screen and A4 print.
constexpr std::string_view kStyle = R"css(
:root { --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --head: #1f3a5f; --band: #f2f5f9; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       color: var(--ink); line-height: 1.35; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
h1 { color: var(--head); font-size: 20pt; margin: 0 0 2mm; }
h2 { color: var(--head); font-size: 14pt; border-bottom: 2px solid var(--head);
     padding-bottom: 1mm; margin: 6mm 0 3mm; }
h3 { color: var(--head); font-size: 11.5pt; margin: 4mm 0 2mm; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2mm; }
ul { margin: 0 0 2mm; padding-left: 6mm; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; font-size: 9.5pt; }
caption { text-align: left; font-weight: bold; color: var(--head); padding: 1mm 0; }
th, td { border: 1px solid var(--rule); padding: 1.2mm 1.6mm; vertical-align: top; }
th { background: var(--band); text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: var(--band); }
tr.scheme td { font-weight: bold; border-top: 2px solid var(--head); }
.rag { display: inline-block; min-width: 14mm; padding: 0.3mm 1.5mm; border-radius: 1mm;
       font-weight: bold; text-align: center; border: 1px solid; }
.rag-green { background: #d9f0d3; border-color: #1b7837; color: #0d3d1b; }
.rag-amber { background: #fee0b6; border-color: #b35806; color: #5a2c03; }
.rag-red { background: #f4cccc; border-color: #b2182b; color: #5c0b15; }
.rag-none { background: #eee; border-color: #999; color: #333; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 5mm; margin-bottom: 3mm; }
.charts.one { grid-template-columns: 1fr; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: 9pt; color: var(--muted); margin-top: 1mm; }
svg.chart { max-width: 100%; height: auto; }
.cover { border-top: 6mm solid var(--head); padding-top: 8mm; }
.key { font-size: 9pt; width: auto; }
.key td { padding: 0.5mm 2mm; }
.state { font-weight: bold; }
dl.header { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 3mm; margin: 0 0 4mm; }
dl.header dt { font-weight: bold; color: var(--head); }
dl.header dd { margin: 0; }
section.page, .page-break { break-before: page; }
section.page:first-of-type { break-before: auto; }
section, table, figure { break-inside: auto; }
tr, figure, .avoid-break { break-inside: avoid; }
h2, h3 { break-after: avoid; }
@page { size: A4; margin: 12mm 10mm 14mm; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
)css";

struct Line {
  int indent = 0;
  bool bullet = false;
  std::string text;
};

}  // namespace

std::string text_to_html(std::string_view text) {
  // Split into lines, noting indentation and bullets.
  std::vector<Line> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Line l;
    size_t i = 0;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) {
      l.indent += raw[i] == '\t' ? 4 : 1;
      ++i;
    }
    std::string_view rest = raw.substr(i);
    if (rest.size() >= 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') &&
        rest[1] == ' ') {
      l.bullet = true;
      rest.remove_prefix(2);
    } else if (rest.size() >= 3 && std::string_view(rest.data(), 3) == "\xE2\x80\xA2") {
      l.bullet = true;  // "•", as pasted from Word
      rest.remove_prefix(3);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    }
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
    l.text = std::string(rest);
    lines.push_back(std::move(l));
    if (end == text.size()) break;
    pos = end + 1;
  }

  std::string out;
  std::vector<int> open;  // indents of the open <ul> levels
  std::string para;
  auto close_para = [&] {
    if (!para.empty()) out += "<p>" + para + "</p>\n";
    para.clear();
  };
  auto close_lists_to = [&](size_t depth) {
    while (open.size() > depth) {
      out += "</li></ul>\n";
      open.pop_back();
    }
  };
  for (const Line& l : lines) {
    if (l.text.empty() && !l.bullet) {
      close_para();
      close_lists_to(0);
      continue;
    }
    if (l.bullet) {
      close_para();
      if (open.empty() || l.indent > open.back() + 1) {
        out += "<ul><li>";
        open.push_back(l.indent);
      } else {
        while (open.size() > 1 && l.indent < open.back() - 1) {
          out += "</li></ul>";
          open.pop_back();
        }
        out += "</li><li>";
      }
      out += html_escape(l.text);
      continue;
    }
    if (!open.empty()) {  // a continuation of the last bullet
      out += ' ';
      out += html_escape(l.text);
      continue;
    }
    if (!para.empty()) para += ' ';
    para += html_escape(l.text);
  }
  close_para();
  close_lists_to(0);
  return out;
}

std::string html_document(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + kStyle.size() + 512);
  out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"bettercare\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += body;
  out += "\n</body>\n</html>\n";
  return out;
}

std::string rag_badge(const std::optional<Rag>& rag) {
  if (!rag) return "<span class=\"rag rag-none\">-</span>";
  const std::string_view cls = *rag == Rag::kGreen   ? "green"
                               : *rag == Rag::kAmber ? "amber"
                                                     : "red";
  return fmt::format("<span class=\"rag rag-{}\">{}</span>", cls, rag_name(*rag));
}

std::string scroll_region(std::string_view label, std::string_view table) {
  std::string out = "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"";
  out += html_escape(label);
  out += "\">";
  out += table;
  out += "</div>\n";
  return out;
}

}  // namespace bc::report
