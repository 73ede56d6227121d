// HTML building blocks shared by every board document: the page shell with
// its print stylesheet, light-Markdown text and RAG badges. Escaping and
// number formats are the presentation layer's (present/html_escape.h,
// present/number_format.h).
//
// Every document is one self-contained file: the stylesheet is inline,
// charts are inline SVG, there are no scripts, fonts, images or links to
// anything outside the file, so it can be emailed, archived and printed on
// A4 exactly as generated. RAG is always written as a word beside its
// colour, so it survives black-and-white printing and colour blindness.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/metric_row.h"

namespace bc::report {

// Light Markdown, as scheme leads write it: paragraphs separated by blank
// lines; lines starting "- " or "* " are bullets, nested by indenting two or
// more spaces. Everything is escaped; nothing else is interpreted.
std::string text_to_html(std::string_view text);

// A complete HTML document: doctype, UTF-8, the stylesheet, the title.
std::string html_document(std::string_view title, std::string_view body);

// <span class="rag rag-green">Green</span> (or "-" when there is none).
std::string rag_badge(const std::optional<Rag>& rag);

// A wide table in a region of its own that scrolls sideways, never the
// page (WCAG 1.4.10), and that a keyboard can focus to scroll:
// <div class="table-wrap" tabindex="0" role="region" aria-label="label">.
std::string scroll_region(std::string_view label, std::string_view table);

}  // namespace bc::report
