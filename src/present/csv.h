// The one CSV writer: every CSV bettercare produces (the metric table, any
// download) quotes its fields here, so no two of them disagree.
//
// RFC 4180: a field containing a comma, a double quote, a carriage return
// or a line feed is enclosed in double quotes, and each double quote inside
// it is doubled; any other field is written as it is. Lines end in LF.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bc::present {

// One field, quoted when RFC 4180 needs it: `a,b` -> `"a,b"`, `say "hi"`
// -> `"say ""hi"""`, `x\ry` -> `"x\ry"`.
std::string csv_field(std::string_view s);

// One line: the fields quoted and joined with commas, then "\n".
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace bc::present
