// HTML escaping: the one escaper for every page, tile and board paper.
//
// Thread safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace bc::present {

// Escapes &, <, >, " and ' so that the result is safe as element text and
// as a quoted attribute value.
std::string html_escape(std::string_view s);

}  // namespace bc::present
