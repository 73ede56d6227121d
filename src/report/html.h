// HTML building blocks shared by every board document: the page shell with
// its print stylesheet, escaping, light-Markdown text, RAG badges and the
// number formats of the board papers.
//
// Every document is one self-contained file: the stylesheet is inline,
// charts are inline SVG, there are no scripts, fonts, images or links to
// anything outside the file, so it can be emailed, archived and printed on
// A4 exactly as generated. RAG is always written as a word beside its
// colour, so it survives black-and-white printing and colour blindness.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"
#include "engine/metric_row.h"

namespace bc::report {

// Escapes &, <, >, " and ' for text and attribute values.
std::string html_escape(std::string_view s);

// Light Markdown, as scheme leads write it: paragraphs separated by blank
// lines; lines starting "- " or "* " are bullets, nested by indenting two or
// more spaces. Everything is escaped; nothing else is interpreted.
std::string text_to_html(std::string_view text);

// A complete HTML document: doctype, UTF-8, the stylesheet, the title.
std::string html_document(std::string_view title, std::string_view body);

// <span class="rag rag-green">Green</span> (or "-" when there is none).
std::string rag_badge(const std::optional<Rag>& rag);

// Values in the unit of a metric: 30,946 / 5.4% / 12.3 / £1,234; "*" when
// suppressed, "-" when there is no value.
std::string format_metric_value(const std::optional<double>& v, MetricUnit unit,
                                bool suppressed = false);
// 1234567 -> "1,234,567".
std::string format_thousands(int64_t n);
// £'000 with negatives in brackets, as the finance schedule prints them.
std::string format_k(Money m);

}  // namespace bc::report
