// The city's tables as bench/metrics' SQL expects them, loaded into a
// DuckDB connection from the city's CSVs: the text as written (so codes
// such as department type `01` keep their leading zero; the SQL casts
// dates), with the few numeric columns the SQL adds up typed.
export async function loadCityTables(con, dir) {
  const csv = (name) => `read_csv('${dir}/${name}.csv', all_varchar = true, header = true)`;
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
}
