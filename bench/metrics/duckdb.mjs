// DuckDB peer for bench/metrics: loads the city's CSVs into an in-memory
// DuckDB, then times the same workload of SQL (bench/metrics/queries.cc,
// printed by `bench_metrics_sql`) inside DuckDB, load excluded.
//
//   node duckdb.mjs CITY_DIR QUERIES.json REPEAT > RESULTS.json
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [dir, queriesFile, repeatArg] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const repeat = Number(repeatArg || 5);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const csv = (name) => `read_csv('${dir}/${name}.csv', all_varchar = true, header = true)`;
const t0 = performance.now();
await con.run(`CREATE TABLE persons AS SELECT * FROM ${csv('persons')}`);
await con.run(`CREATE TABLE practices AS SELECT * FROM ${csv('practices')}`);
await con.run(`CREATE TABLE spells AS SELECT * FROM ${csv('spells')}`);
await con.run(`CREATE TABLE ae_attendances AS SELECT * FROM ${csv('ae_attendances')}`);
await con.run(`CREATE TABLE care_home_admissions AS SELECT * EXCLUDE (permanent),
                 CASE permanent WHEN 'Y' THEN 1 ELSE 0 END AS permanent FROM ${csv('care_home_admissions')}`);
await con.run(`CREATE TABLE reablement AS SELECT * FROM ${csv('reablement')}`);
await con.run(`CREATE TABLE delayed_days AS SELECT * EXCLUDE (delayed_days),
                 CAST(delayed_days AS BIGINT) AS delayed_days FROM ${csv('delayed_days')}`);
await con.run(`CREATE TABLE bed_days AS SELECT * EXCLUDE (occupied_bed_days),
                 CAST(occupied_bed_days AS BIGINT) AS occupied_bed_days FROM ${csv('bed_days')}`);
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
