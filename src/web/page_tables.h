// Reading the tables off a rendered page: for each table region (an
// element of class "table-wrap" with an aria-label, the one way the pages
// write one), its first table's heading and body rows as the text a person
// reads. What the web's table downloads hold (web/table_export.h).
//
// The page is parsed by libxml2's HTML parser, which accepts any bytes
// (fuzz/page_tables.cc); a page over 64 MiB gives no tables. Text inside
// charts (svg), scripts and form controls is left out; a line break reads
// as a space; a cell spanning N columns is followed by N - 1 empty ones.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "present/table.h"

namespace bc::web {

std::vector<present::Table> page_tables(std::string_view html);

}  // namespace bc::web
