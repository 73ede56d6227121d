# Sourced by the benchmarks' run scripts: the cached synthetic city of
# PERSONS people and its store in var/bench/, made when missing or older
# than city_format. Sets $city and $store.
#
#   source bench/city.sh; bench_city PERSONS BETTERCARE_BINARY
#
# Nothing is left where a later run would take it for complete: the city
# counts only with its .complete marker (written last, holding the
# format), the store only once renamed from .partial.
#
#   source bench/city.sh; bench_city_files PERSONS BETTERCARE_BINARY
#
# makes only the files (sets $city and $store, the store's cached place).
city_format=6  # as scripts/demo: 2 added population.csv, 3 the history year and truth/,
              # 4 two history years and a more observable propensity, 5 care plans
              # and referrals to the single point of access, 6 care home beds at most 2,000

bench_city() {
  local persons=$1 bin=$2
  bench_city_files "$persons" "$bin"
  if [ ! -f "$store" ]; then
    echo "Importing it into $store (this takes a while for a large city) ..."
    rm -f "$store.partial" "$store.partial.key" "$store.key"
    $bin --db "$store.partial" init >/dev/null
    $bin --db "$store.partial" import "$city" >/dev/null
    if [ -f "$store.partial.key" ]; then mv "$store.partial.key" "$store.key"; fi
    mv "$store.partial" "$store"
  fi
}

bench_city_files() {
  local persons=$1 bin=$2
  city=var/bench/city-$persons
  store=var/bench/city-$persons.db
  mkdir -p var/bench
  if [ "$(cat "$city/.complete" 2>/dev/null)" != "$city_format" ]; then
    echo "Generating a city of $persons people into $city ..."
    rm -rf "$city" "$store" "$store.key" "$store.partial" "$store.partial.key" "$store.snapshot"
    rm -f "$city.duckdb"
    $bin synth --out "$city" --persons "$persons" >/dev/null
    echo "$city_format" > "$city/.complete"
  fi
}
