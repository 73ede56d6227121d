// DuckDB peer for bench/scale: the same workload as bench/metrics
// (bench/metrics/queries.cc, printed by `bench_metrics_sql`) answered from
// a persisted DuckDB database file, as a command answers from its store.
//
//   node duckdb_file.mjs load CITY_DIR DB_FILE   # makes DB_FILE from the CSVs
//   node duckdb_file.mjs query DB_FILE QUERIES.json > ROWS.json
//
// bench/scale/run times the `query` process from start to exit. The tables
// hold the CSVs' text, as in bench/metrics (so codes such as department type
// `01` keep their leading zero) and the SQL casts dates.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'load') {
  const db = await DuckDBInstance.create(b);
  const con = await db.connect();
  const csv = (name) => `read_csv('${a}/${name}.csv', all_varchar = true, header = true)`;
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
  await con.run('CHECKPOINT');
} else if (mode === 'query') {
  const queries = JSON.parse(readFileSync(b, 'utf8'));
  const db = await DuckDBInstance.create(a, { access_mode: 'READ_ONLY' });
  const con = await db.connect();
  const out = [];
  for (const q of queries) {
    const res = await con.runAndReadAll(q.sql);
    for (const row of res.getRows()) {
      out.push([q.metric, row[0], row[1], row[2], Number(row[3] ?? 0), Number(row[4] ?? 0)]);
    }
  }
  console.log(JSON.stringify({ rows: out.length }));
} else {
  console.error('usage: duckdb_file.mjs load CITY_DIR DB_FILE | query DB_FILE QUERIES.json');
  process.exit(2);
}
