// DuckDB peer for bench/risk: loads the city's CSVs into an in-memory
// DuckDB, then times the features-and-score query (bench/risk/risk_sql.cc,
// written by `bench_risk run`) inside DuckDB, load excluded.
//
//   node duckdb.mjs CITY_DIR QUERY.json REPEAT > RESULTS.json
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [dir, queryFile, repeatArg] = process.argv.slice(2);
const { sql } = JSON.parse(readFileSync(queryFile, 'utf8'));
const repeat = Number(repeatArg || 5);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const csv = (name) => `read_csv('${dir}/${name}.csv', all_varchar = true, header = true)`;
const t0 = performance.now();
for (const table of ['persons', 'conditions', 'spells', 'ae_attendances', 'reablement']) {
  await con.run(`CREATE TABLE ${table} AS SELECT * FROM ${csv(table)}`);
}
await con.run(`CREATE TABLE care_home_admissions AS SELECT * EXCLUDE (permanent),
                 CASE permanent WHEN 'Y' THEN 1 ELSE 0 END AS permanent FROM ${csv('care_home_admissions')}`);
const load = (performance.now() - t0) / 1000;

const times = [];
let checks = [];
for (let r = 0; r < repeat; r++) {
  const t = performance.now();
  const rows = (await con.runAndReadAll(sql)).getRows();
  times.push((performance.now() - t) / 1000);
  checks = rows[0].map((v) => String(v ?? 0));
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
console.log(JSON.stringify({ version, load_seconds: load, median_seconds: median, repeat, checks }));
