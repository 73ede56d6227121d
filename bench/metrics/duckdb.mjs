// DuckDB peer for bench/metrics: loads the city's CSVs into an in-memory
// DuckDB, then times the same workload of SQL (bench/metrics/queries.cc,
// printed by `bench_metrics_sql`) inside DuckDB, load excluded.
//
//   node duckdb.mjs CITY_DIR QUERIES.json REPEAT > RESULTS.json
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { loadCityTables } from './duckdb_tables.mjs';

const [dir, queriesFile, repeatArg] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const repeat = Number(repeatArg || 5);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const t0 = performance.now();
await loadCityTables(con, dir);
const load = (performance.now() - t0) / 1000;

const times = [];
let rows = [];
for (let r = 0; r < repeat; r++) {
  const t = performance.now();
  const out = [];
  for (const q of queries) {
    const res = await con.runAndReadAll(q.sql);
    for (const row of res.getRows()) {
      out.push([q.metric, row[0], row[1], row[2], Number(row[3] ?? 0), Number(row[4] ?? 0)]);
    }
  }
  times.push((performance.now() - t) / 1000);
  if (r === 0) rows = out;
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
console.log(JSON.stringify({ version, load_seconds: load, median_seconds: median, repeat, rows }));
