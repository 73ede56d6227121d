# Writes OUT, a C++ source defining `std::string_view bc::embedded::NAME`
# holding the text of SRC, so the binary carries data files from config/.
# Run with -DSRC=... -DOUT=... -DNAME=...
file(READ "${SRC}" text)
file(RELATIVE_PATH rel "${CMAKE_CURRENT_LIST_DIR}/.." "${SRC}")
set(body "// Generated from ${rel} by cmake/embed_text.cmake. Do not edit.\n#include <string_view>\n\nnamespace bc::embedded {\nextern const std::string_view ${NAME};\nconst std::string_view ${NAME} = R\"bcembed(${text})bcembed\";\n}  // namespace bc::embedded\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
