#!/usr/bin/env bash
# Tests scripts/check-sizes on generated sources: every shape of function it
# promises to measure (free, anonymous-namespace, lambda at namespace scope
# and inside a function, constructor, operator, trailing return, requires
# clause, function-try-block, macro-prefixed) is reported when over 150
# lines and not at exactly 150; a file over 600 lines is reported and one of
# exactly 600 is not; a clean tree passes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

# body N: N lines of statements.
body() { for ((i = 0; i < $1; i++)); do echo "  x += $i;"; done; }

mkdir -p "$dir/over" "$dir/clean"
{
  echo 'namespace bc {'
  echo 'namespace {'
  echo 'int anon_fn(int x) {'; body 149; echo '}'
  echo 'const auto ns_lambda = [](int x) {'; body 149; echo '  return x;'; echo '};'
  echo '}  // namespace'
  echo '[[nodiscard]] auto trailing(int x) -> int {'; body 149; echo '}'
  echo 'template <typename T>'; echo '  requires std::is_integral_v<T>'
  echo 'T constrained(T x) {'; body 149; echo '}'
  echo 'struct S {'
  echo '  S(int a) : a_(a), b_{a} {'; body 149; echo '  }'
  echo '  int operator()(int x) const noexcept {'; body 149; echo '  }'
  echo '  int a_, b_;'
  echo '};'
  echo 'int short_fn_with_lambda() {'
  echo '  auto f = [&](int x) {'; body 149; echo '  };'
  echo '  return f(1);'
  echo '}'
  echo 'int try_fn(int x) try {'; body 149; echo '} catch (...) { return 0; }'
  echo '#define BC_EXPORT'
  echo 'BC_EXPORT int macro_fn(int x) {'; body 149; echo '}'
  echo 'int exactly_150(int x) {'; body 148; echo '}'
  echo '}  // namespace bc'
} >"$dir/over/big.cc"
{ echo 'int f(int x) {'; body 148; echo '}'; body 450 | sed 's/^/\/\/ /'; } >"$dir/over/edge.h"
cp "$dir/over/edge.h" "$dir/clean/edge.h"

expected=$(
  cat <<'LIST'
big.cc:1 (file) 1523 lines
big.cc:3 bc::anon_fn 151 lines
big.cc:154 bc::lambda 152 lines
big.cc:307 bc::trailing 151 lines
big.cc:460 bc::constrained 151 lines
big.cc:612 bc::S::S 151 lines
big.cc:763 bc::S::operator () 151 lines
big.cc:916 bc::short_fn_with_lambda 154 lines
big.cc:917 bc::short_fn_with_lambda::lambda 151 lines
big.cc:1070 bc::try_fn 151 lines
big.cc:1222 bc::macro_fn 151 lines
LIST
)

set +e
raw=$("$root/scripts/check-sizes" "$dir/over" 2>/dev/null)
rc=$?
set -e
actual=$(echo "$raw" | sed "s|^$dir/over/||" | LC_ALL=C sort -t: -k2,2n)
expected=$(echo "$expected" | LC_ALL=C sort -t: -k2,2n)
if [ "$actual" != "$expected" ]; then
  echo "FAIL: check-sizes listed"
  echo "$actual"
  echo "expected"
  echo "$expected"
  fail=1
fi
[ $rc -eq 1 ] || { echo "FAIL: exit $rc with functions over the limit, not 1"; fail=1; }
"$root/scripts/check-sizes" "$dir/clean" >/dev/null || { echo "FAIL: exit non-zero on a clean tree"; fail=1; }
[ "$(wc -l <"$dir/clean/edge.h")" -eq 600 ] || { echo "FAIL: edge.h should be 600 lines"; fail=1; }

[ $fail -eq 0 ] && echo "check_sizes_test: passed"
exit $fail
