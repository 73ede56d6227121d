// What a fuzz target asserts beyond "no crash": FUZZ_CHECK(cond) aborts
// with the condition and where when it does not hold, so that libFuzzer
// keeps the input as a crash (in every build type, unlike assert).
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)
