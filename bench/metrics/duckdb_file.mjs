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
import { loadCityTables } from './duckdb_tables.mjs';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'load') {
  const db = await DuckDBInstance.create(b);
  const con = await db.connect();
  await loadCityTables(con, a);
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
