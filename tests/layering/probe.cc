// One probe of the layering test (tests/layering/CMakeLists.txt): a
// translation unit that includes PROBE_HEADER, one module's header, in a
// target that links another module. It either compiles (the include is in
// the graph) or stops at the include with "No such file" (it is not).
#include PROBE_HEADER
