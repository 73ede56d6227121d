# Writes OUT: a C++ file whose openapi_document() returns the text of SRC.
file(READ ${SRC} text)
set(delim "bc_openapi_")
file(WRITE ${OUT} "#include <string>\n#include \"web/api_internal.h\"\n"
  "namespace bc::web {\nconst std::string& openapi_document() {\n"
  "  static const std::string doc = R\"${delim}(${text})${delim}\";\n  return doc;\n}\n}\n")
