// Browser tests of `bettercare serve`: Debian's chromium driven by
// playwright-core (which never downloads a browser of its own).
//
//   node tests/browser/run.mjs [--bin PATH] [--db STORE]
//
//   --bin / BETTERCARE_BIN   the bettercare binary (built beforehand; this
//                            script builds nothing)
//   --db  / BETTERCARE_DB    a store to test on; it is copied first and the
//                            copy is what is served. Without one, a small
//                            synthetic city (20,000 people) is generated and
//                            imported into a temporary store, so the test
//                            runs on a fresh clone.
//   BETTERCARE_TEST_PG_FILE  a file whose first line is the address of a
//                            PostgreSQL cluster (ctest's pg. pass,
//                            tests/tools/pg_fixture.sh): the store is then
//                            a new database there, its key file in the
//                            temporary directory
//   BROWSER_ARTEFACTS        where screenshots, the download and the
//                            server's log go (default tests/browser/artefacts/)
//   CHROMIUM                 the browser (default /usr/bin/chromium)
//
// It signs in as an analyst and walks the overview, the period picker, a
// metric page, a cluster drill-down, the CSV download and signing out; then
// checks that a board member sees no small numbers (nor a person on a
// register) and that a clinician can open their own cluster and its
// registers but not another's, on a 320 px screen too, and can write, agree
// and review the care plan of someone on their register and see the
// register's coverage change. Every page must load without a
// console error or a Content-Security-Policy violation.
//
// Exit status: 0 all passed; 1 a check failed (the message says which);
// 77 skipped because chromium or playwright-core is missing (CTest's
// SKIP_RETURN_CODE).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const kSkip = 77;

// ---- options ----------------------------------------------------------------

function option(name, envName) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.env[envName] || '';
}

const bin = option('--bin', 'BETTERCARE_BIN');
const sourceDb = option('--db', 'BETTERCARE_DB');
const pgFile = process.env.BETTERCARE_TEST_PG_FILE || '';
const artefacts = path.resolve(process.env.BROWSER_ARTEFACTS || path.join(here, 'artefacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

if (!bin) {
  console.error('browser: give the bettercare binary with --bin PATH or BETTERCARE_BIN');
  process.exit(2);
}
if (!fs.existsSync(bin)) {
  console.error(`browser: the bettercare binary ${bin} does not exist (build it first)`);
  process.exit(2);
}
if (pgFile && sourceDb) {
  console.error('browser: a store to copy (--db) and a PostgreSQL cluster (BETTERCARE_TEST_PG_FILE) are exclusive');
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.log(`browser: SKIPPED: no chromium at ${chromiumPath} (scripts/install-deps installs it)`);
  process.exit(kSkip);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.log('browser: SKIPPED: playwright-core is not installed (run npm ci in tests/browser)');
  process.exit(kSkip);
}
// axe-core, injected into the pages by the accessibility walk.
const axePath = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
if (!fs.existsSync(axePath)) {
  console.log('browser: SKIPPED: axe-core is not installed (run npm ci in tests/browser)');
  process.exit(kSkip);
}

// ---- checks -----------------------------------------------------------------

class CheckFailed extends Error {}
let passed = 0;
function check(ok, message) {
  if (!ok) throw new CheckFailed(message);
  passed++;
}

// ---- the store ----------------------------------------------------------------

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bettercare-browser-'));
// The store: a file, or in the pg. pass a new database of the cluster
// (whose keys are in a file that must be named).
const storeArgs = pgFile ? newPgDatabase() : ['--db', path.join(work, 'store.db')];

function newPgDatabase() {
  const server = (fs.existsSync(pgFile) ? fs.readFileSync(pgFile, 'utf8') : '').split('\n')[0];
  if (!server.startsWith('postgresql://')) {
    console.error(`browser: ${pgFile} does not name a PostgreSQL cluster`);
    process.exit(2);
  }
  const name = `browser_${process.pid}_${randomBytes(4).toString('hex')}`;
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server, '-c', `CREATE DATABASE ${name}`],
    { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`browser: cannot create a database in ${server}: ${r.error || (r.stderr || '').trim()}`);
    process.exit(2);
  }
  const address = server.replace(/^(postgresql:\/\/[^/]*\/)[^?]*/, `$1${name}`);
  return ['--key-file', path.join(work, 'store.key'), '--db', address];
}

function run(args, input) {
  const r = spawnSync(bin, [...storeArgs, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new CheckFailed(
        `bettercare ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || '').trim()}`);
  }
  return r.stdout;
}

function prepareStore() {
  if (sourceDb) {
    if (!fs.existsSync(sourceDb)) throw new CheckFailed(`the store ${sourceDb} does not exist`);
    const db = storeArgs[1];
    for (const suffix of ['', '-wal']) {
      if (fs.existsSync(sourceDb + suffix)) fs.copyFileSync(sourceDb + suffix, db + suffix);
    }
    run(['init']);  // brings an older store up to the binary's schema
    console.log(`browser: testing on a copy of ${sourceDb}`);
    return;
  }
  const city = path.join(work, 'city');
  const r = spawnSync(bin, ['synth', '--out', city, '--persons', '20000'], { encoding: 'utf8' });
  if (r.status !== 0) throw new CheckFailed(`bettercare synth failed: ${r.stderr.trim()}`);
  run(['init']);
  run(['import', city]);
  console.log(`browser: testing on a synthetic city of 20,000 people${pgFile ? ', in PostgreSQL' : ''}`);
}

// A risk model for the registers (docs/risk.md), unless the store has one.
// A store whose outcome year 2017/18 is not loaded cannot train one: its
// pages then say what to run, and that is what is checked.
function trainRiskModel() {
  if (!run(['risk', 'models']).startsWith('No risk model')) return true;
  const r = spawnSync(bin, [...storeArgs, 'risk', 'train', '--index', '2017-04-01'], { encoding: 'utf8' });
  return r.status === 0;
}

// The page fits a phone's width: nothing but a table's own scrolling box
// is wider than 320 px.
async function fitsNarrowScreen(page, where) {
  await page.setViewportSize({ width: 320, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 320, `${where} is ${wide} px wide at a 320 px viewport`);
  await shot(page, `${where.replace(/[^A-Za-z0-9]+/g, '-')}-320px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The counts a page shows in cells and spans marked data-count: none from 1 to 7.
async function noSmallCounts(page, where) {
  const counts = await page.$$eval('[data-count]', (els) => els.map((e) => e.textContent.trim()));
  check(counts.length > 0, `${where} shows no counts`);
  const small = counts.filter((c) => /^[1-7]$/.test(c));
  check(small.length === 0, `${where} shows counts of 1 to 7: ${small.join(', ')}`);
}

// Test accounts of their own, so that any store will do.
const accounts = {
  analyst: { name: 'browser-analyst', role: 'analyst' },
  board: { name: 'browser-board', role: 'board' },
  clinician: { name: 'browser-clinician', role: 'clinician' },
  admin: { name: 'browser-admin', role: 'admin' },
  finance: { name: 'browser-finance', role: 'finance' },
  lead: { name: 'browser-lead', role: 'scheme_lead' },
  officer: { name: 'browser-officer', role: 'board_officer' },
  quality: { name: 'browser-quality', role: 'quality' },
};
for (const a of Object.values(accounts)) a.password = 'pw-' + randomBytes(12).toString('hex');

function addUser(a, extra = []) {
  const existing = run(['user', 'list']).split('\n').map((l) => l.split(/\s+/)[0]);
  if (existing.includes(a.name)) {
    run(['user', 'passwd', a.name, '--password-stdin'], a.password + '\n');
  } else {
    run(['user', 'add', a.name, '--role', a.role, ...extra, '--password-stdin'], a.password + '\n');
  }
}

// ---- the server ---------------------------------------------------------------

let server;
let serverLog;

function startServer() {
  serverLog = fs.createWriteStream(path.join(artefacts, 'server.log'));
  server = spawn(bin, [...storeArgs, 'serve', '--port', '0', '--threads', '4'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.pipe(serverLog);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CheckFailed('the server did not start in 60 s')), 60000);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new CheckFailed(`the server exited (code ${code}) before serving; see ${serverLog.path}`));
    });
    const lines = readline.createInterface({ input: server.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = line.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (!m) reject(new CheckFailed(`unexpected first line from serve: ${line}`));
      else resolve(m[1]);
    });
  });
}

let serverExit;
async function stopServer() {
  if (!server) return {};
  if (!serverExit) {
    serverExit = new Promise((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) {
        resolve({ code: server.exitCode, signal: server.signalCode });
        return;
      }
      server.removeAllListeners('exit');
      server.once('exit', (code, signal) => resolve({ code, signal }));
      server.kill('SIGTERM');
    });
  }
  return serverExit;
}

// ---- the browser ----------------------------------------------------------------

let step = 0;
const problems = [];  // console errors, page errors and CSP violations
let allowed = [];     // console errors expected at the moment (a 403 we asked for)
let hasRiskModel = false;

async function newPage(browser, who) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  // Reports CSP violations (scripts, styles, images, frames...) as console
  // errors, so one listener catches both.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const from = msg.location()?.url ?? '';
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`${who}: console error on ${page.url()}${from ? ` (from ${from})` : ''}: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`${who}: page error on ${page.url()}: ${err.message}`));
  return { context, page };
}

async function shot(page, name) {
  step++;
  const file = path.join(artefacts, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

function noProblems(where) {
  check(problems.length === 0, `${where}: ${problems.join('; ')}`);
}

async function signIn(page, base, a) {
  await page.goto(base + '/login');
  check((await page.title()).startsWith('Sign in'), `GET /login: title is "${await page.title()}"`);
  const csrf = await page.locator('input[name="csrf"]').getAttribute('value');
  check(csrf && csrf.length >= 32, 'the sign-in form has no CSRF token');
  await page.fill('#name', a.name);
  await page.fill('#password', a.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type="submit"]')]);
  check(new URL(page.url()).pathname === '/', `after signing in as ${a.name}: at ${page.url()}`);
}

async function tileFigures(page) {
  return page.$$eval('article.tile', (tiles) =>
    tiles.map((t) => ({
      metric: t.getAttribute('data-metric'),
      text: t.querySelector('.figure')?.textContent.trim() ?? '',
      value: t.querySelector('.figure')?.getAttribute('data-value') ?? '',
    })));
}

async function selectedPeriod(page) {
  return page.$eval('select#period', (s) => s.value);
}

// ---- the walks ------------------------------------------------------------------

async function analystWalk(browser, base) {
  const { context, page } = await newPage(browser, 'analyst');
  await signIn(page, base, accounts.analyst);
  await shot(page, 'analyst-signed-in');

  // The overview: a tile per metric, each with a figure.
  const tiles = await tileFigures(page);
  check(tiles.length >= 5, `the overview shows ${tiles.length} tiles, expected at least 5`);
  check(tiles.every((t) => t.metric && t.text), 'a tile has no metric or no figure');
  check(await page.locator('h1', { hasText: 'Overview' }).count() === 1, 'the overview has no "Overview" heading');
  const periodBefore = await selectedPeriod(page);
  const leadBefore = await page.locator('p.lead').textContent();
  check(leadBefore.includes(periodBefore), `the overview's lead "${leadBefore}" does not name ${periodBefore}`);
  noProblems('the overview');
  await shot(page, 'overview');

  // The period picker: choosing another period changes nothing by itself
  // (WCAG 3.2.2, on input); "Show" loads it.
  const options = await page.$$eval('select#period option', (os) => os.map((o) => o.value));
  check(options.length >= 2, `the period picker offers ${options.length} periods`);
  const groups = await page.$$eval('select#period optgroup', (gs) => gs.map((g) => g.label));
  check(groups.includes('Financial years') && groups.includes('Quarters') && groups.includes('Months'),
      `the period picker's groups are ${groups.join(', ')}`);
  const quarter = options.find((v) => /^\d{4}\/\d{2}:Q\d$/.test(v) && v !== periodBefore);
  const next = quarter ?? options.find((v) => v !== periodBefore);
  const urlBefore = page.url();
  await page.selectOption('select#period', next);
  await page.waitForTimeout(700);
  check(page.url() === urlBefore, `choosing ${next} in the period picker loaded ${page.url()} by itself`);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('period') === next, { timeout: 15000 }),
    page.locator('form.period-picker button[type="submit"]').click(),
  ]).catch(() => {
    throw new CheckFailed(`"Show" with ${next} chosen in the period picker did not load its page (at ${page.url()})`);
  });
  check(await selectedPeriod(page) === next, `after choosing ${next} the picker shows ${await selectedPeriod(page)}`);
  const leadAfter = await page.locator('p.lead').textContent();
  check(leadAfter.includes(next), `after choosing ${next} the lead says "${leadAfter}"`);
  const tilesAfter = await tileFigures(page);
  check(tilesAfter.length >= 5, `the overview for ${next} shows ${tilesAfter.length} tiles`);
  check(tilesAfter.some((t, i) => tiles[i] && t.value !== tiles[i].value),
      `no tile's value changed from ${periodBefore} to ${next}`);
  noProblems(`the overview for ${next}`);
  await shot(page, 'overview-period-changed');

  // The "Show" button (the picker without JavaScript) does the same.
  const byButton = options.find((v) => v !== next && v !== periodBefore && /^\d{4}\/\d{2}:M\d+$/.test(v))
      ?? options.find((v) => v !== next);
  const show = page.locator('form.period-picker button[type="submit"]');
  if (await show.count() > 0) {
    await page.$eval('select#period', (s, v) => { s.value = v; }, byButton);  // no change event
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('period') === byButton, { timeout: 15000 }),
      show.click(),
    ]).catch(() => {
      throw new CheckFailed(`"Show" with ${byButton} chosen did not load its page (at ${page.url()})`);
    });
    check(await selectedPeriod(page) === byButton, `after "Show" the picker shows ${await selectedPeriod(page)}`);
    check((await page.locator('p.lead').textContent()).includes(byButton), `after "Show" the lead does not name ${byButton}`);
    await shot(page, 'overview-show-button');
    // Back to the period chosen with the picker for the rest of the walk.
    await page.goto(`${base}/?period=${encodeURIComponent(next)}`);
  }

  // A metric page, from its tile: the period goes with it.
  const tile = page.locator('article.tile[data-metric="nel_admissions"] h2 a');
  const link = (await tile.count()) > 0 ? tile : page.locator('article.tile h2 a').first();
  const metricHref = await link.getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/metrics/')), link.click()]);
  const metricUrl = new URL(page.url());
  const metric = metricUrl.pathname.slice('/metrics/'.length);
  check(metricUrl.searchParams.get('period') === next,
      `the metric page ${metricHref} lost the period: ${page.url()}`);
  check(await page.locator('section.headline article.tile').count() === 1, `${metric}: no headline tile`);
  check(await page.locator('table.breakdown tbody tr').count() > 0, `${metric}: the breakdown table is empty`);
  check(await page.locator('figure svg').count() >= 1, `${metric}: no chart`);
  noProblems(`the metric page ${metric}`);
  await shot(page, `metric-${metric}`);

  // Drill down into a cluster from the breakdown by cluster.
  if (await page.locator('select#by').inputValue() !== 'cluster') {
    await page.selectOption('select#by', 'cluster');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('by') === 'cluster'),
      page.locator('form.controls button[type="submit"]').first().click(),
    ]);
  }
  const clusterLink = page.locator('table.breakdown td[data-dim="cluster"] a').first();
  check(await clusterLink.count() === 1, `${metric}: the breakdown by cluster has no links`);
  const clusterCode = await page.locator('table.breakdown td[data-dim="cluster"]').first().getAttribute('data-code');
  await Promise.all([page.waitForURL((u) => u.searchParams.has('cluster')), clusterLink.click()]);
  const drill = new URL(page.url());
  check(drill.searchParams.get('cluster') === clusterCode,
      `the drill-down went to ${page.url()}, not cluster ${clusterCode}`);
  check(drill.searchParams.get('period') === next, `the drill-down lost the period: ${page.url()}`);
  check((await page.locator('main p.note').first().textContent()).includes(`cluster ${clusterCode}`),
      `the drill-down page does not say it is cluster ${clusterCode}`);
  const drillRows = await page.locator('table.breakdown tbody tr').count();
  check(drillRows > 0, `the drill-down into ${clusterCode} has an empty breakdown`);
  // Broken down by practice, it lists the cluster's own practices only
  // (those its dashboard lists), not every practice with a zero.
  const drillPractices = await page.$$eval('table.breakdown td[data-dim="practice"]',
      (tds) => tds.map((t) => t.getAttribute('data-code')));
  if (drillPractices.length > 0) {
    const dash = await page.context().request.get(`${base}/clusters/${clusterCode}?period=${encodeURIComponent(next)}`);
    const own = [...(await dash.text()).matchAll(/<li>([A-Z0-9]+) /g)].map((m) => m[1]);
    check(own.length > 0, `the dashboard of ${clusterCode} lists no practices`);
    const strangers = drillPractices.filter((c) => !own.includes(c));
    check(strangers.length === 0,
        `the drill-down into cluster ${clusterCode} by practice lists ${strangers.length} practices of other clusters (${strangers.slice(0, 3).join(', ')}...)`);
  }
  noProblems(`the drill-down into ${clusterCode}`);
  await shot(page, `metric-${metric}-cluster-${clusterCode}`);

  // The table's CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    page.click('a.button[download]'),
  ]);
  const csvPath = path.join(artefacts, download.suggestedFilename() || 'download.csv');
  await download.saveAs(csvPath);
  check(download.suggestedFilename().endsWith('.csv'), `the download is named ${download.suggestedFilename()}`);
  const lines = fs.readFileSync(csvPath, 'utf8').split('\n').filter((l) => l !== '');
  check(lines.length > 1, `the CSV ${csvPath} has no rows`);
  const header = lines[0].split(',');
  for (const col of ['metric', 'period', 'cluster', 'value', 'plan', 'previous_value']) {
    check(header.includes(col), `the CSV's header "${lines[0]}" has no ${col} column`);
  }
  const rows = lines.slice(1).map((l) => l.split(','));
  check(rows.length === drillRows, `the CSV has ${rows.length} rows, the table ${drillRows}`);
  const mi = header.indexOf('metric'), pi = header.indexOf('period'), ci = header.indexOf('cluster');
  check(rows.every((r) => r[mi] === metric && r[pi] === next && r[ci] === clusterCode),
      `the CSV has rows for another metric, period or cluster than ${metric} ${next} ${clusterCode}`);
  noProblems('the CSV download');

  // The clusters list (for the clinician's test below).
  await page.goto(`${base}/clusters`);
  const clusters = await page.$$eval('tr[data-cluster]', (trs) => trs.map((t) => t.getAttribute('data-cluster')));
  check(clusters.length >= 2, `the analyst's clusters page lists ${clusters.length} clusters`);
  await shot(page, 'clusters');

  // Signing out ends the session.
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login'),
    page.click('form[action="/logout"] button'),
  ]);
  check(new URL(page.url()).pathname === '/login', `after signing out: at ${page.url()}`);
  await shot(page, 'signed-out');
  await page.goto(base + '/');
  check(new URL(page.url()).pathname === '/login', `after signing out, / went to ${page.url()}`);
  const api = await page.request.get(`${base}/api/v1/session`);
  check(api.status() === 401, `after signing out, GET /api/v1/session answers ${api.status()}`);
  noProblems('signing out');
  await context.close();
  return { clusters, period: next };
}

async function boardWalk(browser, base, period) {
  const { context, page } = await newPage(browser, 'board');
  await signIn(page, base, accounts.board);
  for (const p of ['', period]) {
    if (p) await page.goto(`${base}/?period=${encodeURIComponent(p)}`);
    const tiles = await tileFigures(page);
    check(tiles.length >= 5, `the board's overview ${p} shows ${tiles.length} tiles`);
    const small = tiles.filter((t) => /^[1-7]$/.test(t.text.replace(/,/g, '')));
    check(small.length === 0,
        `the board sees small numbers: ${small.map((t) => `${t.metric}=${t.text}`).join(', ')}`);
    check((await page.locator('footer').textContent()).includes('suppressed for viewers outside'),
        "the board's overview does not say it is suppressed");
    await shot(page, `board-overview${p ? '-' + p.replace(/[^A-Za-z0-9]/g, '-') : ''}`);
  }
  // A breakdown by practice, where small counts are likely.
  await page.goto(`${base}/metrics/nel_admissions?period=${encodeURIComponent(period)}&by=practice`);
  const cells = await page.$$eval('table.breakdown tbody td.num[data-value]', (tds) => tds.map((t) => t.textContent.trim()));
  check(cells.length > 0, "the board's breakdown by practice is empty");
  const small = cells.filter((c) => /^[1-7]$/.test(c));
  check(small.length === 0, `the board sees counts of 1 to 7 by practice: ${small.join(', ')}`);
  noProblems("the board's pages");
  await shot(page, 'board-by-practice');
  // Frailty and risk by cluster on the overview, and a register: counts only.
  await page.goto(`${base}/`);
  await noSmallCounts(page, "the board's overview");
  const clusters = await page.$$eval('table.frailty-distribution tbody th', (ths) =>
    ths.map((t) => t.textContent.trim().split(' ')[0]).filter((c) => /^C[0-9]+$/.test(c)));
  check(clusters.length > 0, "the board's overview has no frailty by cluster");
  for (const c of clusters) {
    const r = await page.goto(`${base}/clusters/${c}/register`);
    check(r.status() === 200, `the board's register of ${c} answers ${r.status()}`);
    check(await page.locator('a[href^="/person"]').count() === 0, `the board sees people on ${c}'s register`);
    check(!/(^|[^0-9])[0-9]{10}([^0-9]|$)/.test(await page.locator('main').textContent()),
        `the board sees an NHS number on ${c}'s register`);
    await page.goto(`${base}/clusters/${c}`);
    if (await page.locator('ul.register-counts').count() > 0) await noSmallCounts(page, `the board's dashboard of ${c}`);
  }
  noProblems("the board's registers");
  await shot(page, 'board-cluster-registers');
  await context.close();
}

// Days after an ISO date (negative: before), as ISO.
function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// The care team's plan for a person on the register (docs/care-plans.md):
// find someone with none, write the plan, agree it, record a review, and
// see the register's coverage count them.
async function carePlanWalk(page, base, own) {
  await page.goto(`${base}/clusters/${own}/register`);
  const at = await page.locator('#at').inputValue();
  const coverage = async () => Number(await page.locator('p.coverage').getAttribute('data-with-plan'));
  const before = await coverage();
  const none = page.locator('table.register td[data-field="care_plan"] a', { hasText: 'write one' });
  check(await none.count() > 0, `everyone on ${own}'s register has a care plan already`);
  await Promise.all([page.waitForURL(/\/care-plans\?nhs=/), none.first().click()]);
  const nhs = new URL(page.url()).searchParams.get('nhs');
  check(await page.locator('h2#draft-h').count() === 1, 'the care plan page has no editor');
  await page.fill('#draft-accountable_name', 'Ade Okafor');
  await page.fill('#draft-accountable_role', 'Community matron');
  await page.fill('#draft-accountable_org', 'R1C');
  await page.fill('#draft-goals', 'To stay in my own home\nTo walk to the shops again');
  await page.fill('#draft-contingency', 'Call the rapid response team before 999');
  await page.fill('#draft-consent_date', addDays(at, -14));
  await page.fill('#draft-consent_recorded_by', 'Ade Okafor');
  await page.fill('#draft-action_1', 'Falls assessment at home');
  await page.fill('#draft-who_1', 'Solent falls team');
  await page.fill('#draft-by_1', addDays(at, 20));
  await Promise.all([page.waitForURL(/done=draft/), page.click('form[action="/care-plans/draft"] button[type="submit"]')]);
  check(await page.locator('p.confirm').count() === 1, 'saving the draft was not confirmed');
  check((await page.locator('dd[data-field="state"]').textContent()).includes('draft'), 'the plan is not a draft');
  noProblems(`the care plan of ${nhs}`);
  await shot(page, 'clinician-care-plan-draft');
  await fitsNarrowScreen(page, 'the care plan page');

  // Agree it: a review due more than six months later is refused at its field.
  const agreed = addDays(at, -12);
  await page.fill('#agree-agreed_date', agreed);
  await page.fill('#agree-review_due', addDays(agreed, 200));
  allowed = [/status of 422/];
  await page.click('form[action="/care-plans/agree"] button[type="submit"]');
  await page.waitForSelector('#agree-review_due-error');
  allowed = [];
  check((await page.locator('#agree-review_due-error').textContent()).includes('more than 6 months'),
      'a review due too late was not refused next to its field');
  check(await page.locator('#agree-review_due').getAttribute('aria-invalid') === 'true', 'the refused field is not marked invalid');
  await page.fill('#agree-agreed_date', agreed);
  await page.fill('#agree-review_due', '');
  await Promise.all([page.waitForURL(/done=agree/), page.click('form[action="/care-plans/agree"] button[type="submit"]')]);
  check((await page.locator('dd[data-field="state"]').textContent()).includes('agreed'), 'the plan was not agreed');

  // Record a review.
  await page.fill('#review-review_date', addDays(agreed, 3));
  await page.fill('#review-reviewed_by', 'Ade Okafor');
  await page.selectOption('#review-outcome', 'continue');
  await page.fill('#review-next_review_due', addDays(agreed, 150));
  await Promise.all([page.waitForURL(/done=review/), page.click('form[action="/care-plans/review"] button[type="submit"]')]);
  check(await page.locator('table.reviews tbody tr').count() === 1, 'the review is not listed');
  noProblems(`the care plan of ${nhs}`);
  await shot(page, 'clinician-care-plan-agreed');

  // The register counts them now.
  await page.goto(`${base}/clusters/${own}/register`);
  const after = await coverage();
  check(after === before + 1, `the register's care plan coverage went from ${before} to ${after}, not ${before + 1}`);
  noProblems(`the clinician's register of ${own} after the plan`);

  // The MDT's case list, and recording a meeting that discussed its first person.
  await page.goto(`${base}/clusters/${own}/mdt?at=${at}`);
  const first = page.locator('table.cases tbody tr').first();
  check(await first.count() === 1, `${own}'s MDT case list is empty`);
  const person = await first.getAttribute('data-nhs');
  await page.fill('#mdt-date', addDays(at, -1));
  await page.fill('#name-1', 'Ade Okafor');
  await page.selectOption('#profession-1', 'community matron');
  await page.selectOption(`#outcome-${person}`, 'review_plan');
  await page.fill(`#actions-${person}`, 'Review the plan with the family');
  await Promise.all([page.waitForURL(/recorded=/), page.click('form[method="post"][action$="/mdt"] button[type="submit"]')]);
  check(await page.locator('details.meeting').count() >= 1, 'the MDT meeting is not listed once recorded');
  noProblems(`${own}'s MDT page`);
  await shot(page, 'clinician-mdt');
  await fitsNarrowScreen(page, `${own}'s MDT page`);
}

async function clinicianWalk(browser, base, own, other) {
  const { context, page } = await newPage(browser, 'clinician');
  await signIn(page, base, accounts.clinician);
  let r = await page.goto(`${base}/clusters/${own}`);
  check(r.status() === 200, `the clinician's own cluster ${own} answers ${r.status()}`);
  check((await page.locator('h1').textContent()).startsWith(`Cluster ${own}`), `/clusters/${own} has the heading "${await page.locator('h1').textContent()}"`);
  check(await page.locator('article.tile').count() >= 3, `the clinician's cluster ${own} shows few tiles`);
  check((await page.locator('footer').textContent()).includes('not suppressed'),
      "the clinician's own cluster is suppressed (they are its care team)");
  noProblems(`the clinician's cluster ${own}`);
  await shot(page, `clinician-own-cluster-${own}`);

  // Their cluster's registers: people identified, linked to their records.
  r = await page.goto(`${base}/clusters/${own}/register`);
  check(r.status() === 200, `the clinician's register of ${own} answers ${r.status()}`);
  if (hasRiskModel) {
    const rows = await page.locator('table.register tbody tr').count();
    check(rows > 0, `the clinician's register of ${own} is empty`);
    check(await page.locator('table.register a[href^="/person?nhs="]').count() === rows,
        "the register's people do not link to their records");
    await page.selectOption('#list', 'frailty');
    await page.locator('#at').press('ArrowDown');  // a date field changes; nothing is submitted
    check(new URL(page.url()).pathname === `/clusters/${own}/register` && !page.url().includes('frailty'),
        'changing the register form submitted it');
    await Promise.all([page.waitForURL(/list=frailty/), page.click('form.register-controls button[type="submit"]')]);
    check(await page.locator('p.summary').count() === 1, 'the frailty register has no summary line');
  } else {
    check(await page.locator('p.no-model').count() === 1, 'without a model the register page does not say what to run');
  }
  noProblems(`the clinician's register of ${own}`);
  await shot(page, `clinician-register-${own}`);
  await fitsNarrowScreen(page, `the clinician's register of ${own}`);
  if (hasRiskModel) await carePlanWalk(page, base, own);

  allowed = [/status of 403/];
  r = await page.goto(`${base}/clusters/${other}/register`);
  check(r.status() === 403, `the clinician opening another cluster's register got ${r.status()}, not 403`);
  r = await page.goto(`${base}/clusters/${other}`);
  allowed = [];
  check(r.status() === 403, `the clinician opening another cluster ${other} got ${r.status()}, not 403`);
  await shot(page, `clinician-other-cluster-${other}-403`);
  const api = await page.request.get(`${base}/api/v1/metrics?metric=nel_admissions&cluster=${other}`);
  check(api.status() === 403, `the clinician asking the API for cluster ${other} got ${api.status()}`);
  noProblems("the clinician's pages");
  await context.close();
}

// ---- accessibility: every page, every role, two sizes ---------------------------

const axeSource = fs.readFileSync(axePath, 'utf8');
// What is checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const kPagesPerRole = 24;  // enough to reach every kind of page a role has
const kPerKind = 2;        // pages of one kind (/metrics/<id>, /clusters/<c> ...) per role

// A page's kind: its first path segment and how deep it is.
function pageKind(u) {
  const parts = u.pathname.split('/');
  return parts.slice(0, 2).join('/') + (parts.length > 2 ? `/*${parts.length}` : '');
}

// Signs in as each role and visits the pages its links lead to (breadth
// first from the overview, GET links only: no downloads, no sign-out), up
// to kPagesPerRole, kPerKind of each kind. On each page axe-core runs at
// 1366 x 900 and at 390 x 844, and the page must not scroll sideways at
// 320 px (WCAG 1.4.10). Any violation fails. The context bypasses the
// Content-Security-Policy only to inject axe-core; the other walks check
// the policy.
async function accessibilityWalk(browser, base, roles) {
  let visited = 0;
  const violations = [];
  for (const a of roles) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, base, a);
    const queue = ['/'];
    const seen = new Set();
    const kinds = {};
    while (queue.length > 0 && seen.size < kPagesPerRole) {
      const target = queue.shift();
      seen.add(target);
      await page.setViewportSize({ width: 1366, height: 900 });
      const response = await page.goto(base + target);
      visited++;
      check(response && response.status() < 500, `${a.role}: ${target} answered ${response?.status()}`);
      for (const href of await page.$$eval('a[href]:not([download])', (as) => as.map((x) => x.getAttribute('href')))) {
        if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') ||
            href.startsWith('/static/') || /\.(csv|xlsx|pdf|json)(\?|$)/.test(href) || /logout|\/fhir/.test(href)) continue;
        const u = new URL(base + href);
        const key = u.pathname + u.search;
        const kind = pageKind(u);
        if (seen.has(key) || queue.includes(key) || (kinds[kind] ?? 0) >= kPerKind) continue;
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        queue.push(key);
      }
      for (const width of [1366, 390]) {
        await page.setViewportSize({ width, height: width === 1366 ? 900 : 844 });
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async (tags) => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        }, axeTags);
        for (const v of result) violations.push(`${a.role} ${target} at ${width} px: ${v}`);
      }
      await page.setViewportSize({ width: 320, height: 800 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 320) violations.push(`${a.role} ${target}: ${wide} px wide at a 320 px viewport`);
    }
    check(seen.size >= 3, `${a.role}: only ${seen.size} pages reached`);
    await context.close();
  }
  check(violations.length === 0, `accessibility: ${violations.length} problems:\n  ${violations.join('\n  ')}`);
  return visited;
}

// The board officer keeps the JCB's action tracker: from the Boards
// section to an action, its progress updated in the plain form and kept in
// its history; then the tracker and the plan fit a narrow screen.
async function officerWalk(browser, base, a) {
  const { context, page } = await newPage(browser, a.role);
  await signIn(page, base, a);
  await Promise.all([page.waitForURL((u) => u.pathname === '/board'), page.click('nav a[href^="/board"]')]);
  await page.goto(`${base}/board/JCB/actions/JCB-A2`);
  check(await page.locator('form.board-edit').count() === 1, 'the action page has no form for the board officer');
  await page.fill('#progress', 'Complete (browser walk)');
  await Promise.all([page.waitForURL((u) => u.pathname === '/board/JCB/actions/JCB-A2'),
    page.click('form.board-edit button[type="submit"]')]);
  const last = await page.locator('table.history tbody tr').last().textContent();
  check(last.includes('Complete (browser walk)') && last.includes('web:browser-officer'),
      `the action's history does not keep the update: ${last}`);
  await fitsNarrowScreen(page, 'the action page');
  await page.goto(`${base}/board/JCB/actions?at=2018-05-01&overdue=1`);
  check(await page.locator('table.tracker tr.overdue').count() > 0, 'the tracker shows no overdue action as at 1 May 2018');
  await fitsNarrowScreen(page, 'the action tracker');
  await page.goto(`${base}/plan`);
  check(await page.locator('table.workstreams tbody tr').count() === 40, 'the plan does not list 40 workstreams');
  await fitsNarrowScreen(page, 'the commissioning plan');
  noProblems("the board officer's pages");
  await shot(page, 'officer-plan');
  await context.close();
}

// The quality team runs a provider failure: from Providers to the city's
// failing home (Dell View, VND04), an incident opened, its residents by the
// agency responsible for them, a checklist item ticked and a move logged,
// both then shown in the status report; the incident page fits a narrow
// screen.
async function qualityWalk(browser, base, a) {
  const { context, page } = await newPage(browser, a.role);
  await signIn(page, base, a);
  await Promise.all([page.waitForURL((u) => u.pathname === '/providers'), page.click('nav a[href^="/providers"]')]);
  check(await page.locator('tr[data-provider="VND04"]').count() === 1, 'Dell View is not on the providers page');
  await Promise.all([page.waitForURL((u) => u.pathname === '/providers/VND04'),
    page.click('tr[data-provider="VND04"] a')]);
  await page.selectOption('#trigger', 'cqc_action');
  await page.fill('#summary', 'Rated inadequate; placements suspended (browser walk)');
  await Promise.all([page.waitForURL((u) => /^\/incidents\/[0-9]+$/.test(u.pathname)),
    page.click('form.incident-open button[type="submit"]')]);
  const incident = new URL(page.url()).pathname;
  const people = page.locator('table.affected tbody tr');
  check(await people.count() > 0, 'the incident lists nobody affected');
  const groups = (await page.locator('table.by-responsible tbody tr').allTextContents()).join(' | ');
  check(groups.includes('council') && groups.includes('ccg'), `the people are not by responsible agency: ${groups}`);
  await page.selectOption('#item', '2.2');
  await page.selectOption('#item-status', 'done');
  await page.selectOption('#item-party', 'scc');
  await page.fill('#item-owner', 'QA');
  await Promise.all([page.waitForURL((u) => u.pathname === incident),
    page.click('form[action$="/checklist"] button[type="submit"]')]);
  const status = (await page.locator('tr[data-item="2.2"] td').nth(3).textContent()).trim();
  check(status === 'done', `checklist item 2.2 is not done: ${status}`);
  const placement = await people.first().getAttribute('data-placement');
  await page.selectOption('#move-placement', placement);
  await page.selectOption('#move-step', 'moved');
  await page.selectOption('#move-to', 'VNB02');
  await Promise.all([page.waitForURL((u) => u.pathname === incident),
    page.click('form[action$="/moves"] button[type="submit"]')]);
  const row = await page.locator(`tr[data-placement="${placement}"]`).textContent();
  check(row.includes('moved to VNB02'), `the move is not shown: ${row}`);
  await fitsNarrowScreen(page, 'the incident page');
  noProblems("the quality team's incident page");
  await shot(page, 'quality-incident');
  // The status report is a document for the meeting, downloaded.
  const download = await page.request.get(`${base}${incident}/report`);
  check(download.ok() && (download.headers()['content-disposition'] ?? '').includes('attachment'),
      `the status report is not a download: ${download.status()}`);
  const report = await download.text();
  check(report.includes('Management checklist: 1 of 91 done'), 'the status report does not show the ticked item');
  check(report.includes(`${placement} (`) && report.includes('moved to VNB02'), 'the status report does not show the move');
  await context.close();
}

// The scheme lead writes a quarter's report in the plain form: a row
// without its name is refused next to its field, with the summary linking
// to it and what was typed kept; mended, it is saved as the draft; then the
// page fits a narrow screen.
async function schemeLeadWalk(browser, base, a) {
  const { context, page } = await newPage(browser, a.role);
  await signIn(page, base, a);
  await page.goto(`${base}/schemes/CAR/2016-17/Q1`);
  check(await page.locator('form#report-form').count() === 1, 'the scheme report page has no form for its lead');
  await page.fill('#report-report_author', 'Kirsten Killander');
  await page.fill('#report-report_date', '2016-07-20');
  await page.fill('#report-aims', '- To identify carers\n- To involve carers in planning');
  await page.fill('[id="report-indicators.1.target"]', '69');
  allowed = [/status of 422/];
  await page.click('form#report-form button[type="submit"]');
  await page.waitForSelector('[id="report-indicators.1.name-error"]');
  allowed = [];
  check((await page.locator('[id="report-indicators.1.name-error"]').textContent()).includes('needs a name'),
      'an indicator without a name was not refused next to its field');
  check(await page.locator('#error-summary a[href="#report-indicators.1.name"]').count() === 1,
      'the summary does not link to the refused field');
  check(await page.locator('#report-report_author').inputValue() === 'Kirsten Killander', 'what was typed was lost');
  await fitsNarrowScreen(page, 'the refused scheme report form');
  await page.fill('[id="report-indicators.1.name"]', 'Carers identified');
  await page.selectOption('[id="report-indicators.1.metric"]', { index: 1 });
  await Promise.all([page.waitForURL(/saved=1/), page.click('form#report-form button[type="submit"]')]);
  check(await page.locator('p.confirm').count() === 1, 'saving the scheme report was not confirmed');
  check(await page.locator('[id="report-indicators.1.name"]').inputValue() === 'Carers identified', 'the saved indicator is not shown');
  noProblems('the scheme report form');
  await shot(page, 'lead-scheme-report-form');
  await fitsNarrowScreen(page, 'the scheme report page');
  await context.close();
}

// Presses Tab until the focused element matches `selector` (at most `max`
// presses); fails if it never does.
async function tabTo(page, selector, what, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new CheckFailed(`keyboard: Tab never reached ${what} (${selector}) on ${page.url()}`);
}

// With the keyboard only: sign in, choose a period (an arrow key in the
// picker changes nothing until Show), open a metric, download its table.
async function keyboardWalk(browser, base, a) {
  const { context, page } = await newPage(browser, `${a.role} (keyboard)`);
  await page.goto(base + '/login');
  await tabTo(page, '#name', 'the name field');
  await page.keyboard.type(a.name);
  await tabTo(page, '#password', 'the password field', 5);
  await page.keyboard.type(a.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
  const before = await selectedPeriod(page);
  await tabTo(page, 'select#period', 'the period picker');
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(500);
  check(new URL(page.url()).searchParams.get('period') === null || new URL(page.url()).searchParams.get('period') === before,
      `keyboard: an arrow key in the period picker loaded ${page.url()}`);
  const chosen = await page.$eval('select#period', (s) => s.value);
  check(chosen !== before, 'keyboard: the arrow key did not change the choice');
  await tabTo(page, 'form.period-picker button[type="submit"]', 'the Show button', 10);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('period') === chosen), page.keyboard.press('Enter')]);
  await tabTo(page, 'article.tile h2 a', 'a metric tile');
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/metrics/')), page.keyboard.press('Enter')]);
  check(new URL(page.url()).searchParams.get('period') === chosen, `keyboard: the metric page is not for ${chosen}`);
  await tabTo(page, 'a[href*=".csv"]', 'the table download', 200);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const file = path.join(artefacts, 'keyboard-download.csv');
  await download.saveAs(file);
  check(fs.readFileSync(file, 'utf8').startsWith('metric,period'), 'keyboard: the downloaded table is not the CSV');
  noProblems('the keyboard walk');
  await context.close();
}

// ---- main ----------------------------------------------------------------------

let browser;
let code = 0;
fs.mkdirSync(artefacts, { recursive: true });
try {
  prepareStore();
  hasRiskModel = trainRiskModel();
  console.log(`browser: ${hasRiskModel ? 'a risk model is stored' : 'no risk model could be trained'}`);
  addUser(accounts.analyst);
  addUser(accounts.board);
  const base = await startServer();
  console.log(`browser: server at ${base}; artefacts in ${artefacts}`);
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });

  const { clusters, period } = await analystWalk(browser, base);
  console.log(`browser: analyst walk passed (${passed} checks)`);
  await boardWalk(browser, base, period);
  console.log(`browser: board walk passed (${passed} checks)`);
  // The clinician is added now that the clusters are known.
  addUser(accounts.clinician, ['--cluster', clusters[0]]);
  await clinicianWalk(browser, base, clusters[0], clusters[1]);
  console.log(`browser: clinician walk passed (${passed} checks)`);
  await keyboardWalk(browser, base, accounts.analyst);
  console.log(`browser: keyboard walk passed (${passed} checks)`);
  // Every role, for the accessibility walk; a scheme lead needs a scheme.
  addUser(accounts.admin);
  addUser(accounts.finance);
  addUser(accounts.officer);
  await officerWalk(browser, base, accounts.officer);
  console.log(`browser: board officer walk passed (${passed} checks)`);
  addUser(accounts.quality);
  await qualityWalk(browser, base, accounts.quality);
  console.log(`browser: quality team walk passed (${passed} checks)`);
  const roles = [accounts.analyst, accounts.board, accounts.clinician, accounts.admin, accounts.finance,
    accounts.officer, accounts.quality];
  const scheme = spawnSync(bin, [...storeArgs, 'user', 'add', accounts.lead.name, '--role', 'scheme_lead', '--scheme', 'CAR',
    '--password-stdin'], { input: accounts.lead.password + '\n', encoding: 'utf8' });
  if (scheme.status === 0) {
    roles.push(accounts.lead);
    await schemeLeadWalk(browser, base, accounts.lead);
    console.log(`browser: scheme lead walk passed (${passed} checks)`);
  } else console.log(`browser: no scheme lead walk (the store has no scheme CAR: ${scheme.stderr.trim()})`);
  // The pages are the same whatever the build: scripts/test walks them in
  // its release suite and leaves them out of the slower sanitizer one.
  if (process.env.BETTERCARE_A11Y_WALK === '0') {
    console.log('browser: accessibility walk left out (BETTERCARE_A11Y_WALK=0)');
  } else {
    const visited = await accessibilityWalk(browser, base, roles);
    console.log(`browser: accessibility walk passed: ${visited} pages of ${roles.length} roles, axe-core at 1366 and 390 px, none wider than 320 px (${passed} checks)`);
  }
  // The server stops cleanly on SIGTERM (under ASan this also checks for leaks).
  const exit = await stopServer();
  check(exit.code === 0, `the server exited with ${exit.code ?? exit.signal} on SIGTERM; see ${serverLog.path}`);
  console.log(`browser: ${passed} passed, 0 failed`);
} catch (e) {
  code = 1;
  if (e instanceof CheckFailed) {
    console.error(`browser: FAILED: ${e.message}`);
  } else {
    console.error(`browser: FAILED with an error: ${e.stack || e}`);
  }
  if (problems.length) console.error(`browser: console problems: ${problems.join('\n  ')}`);
  console.error(`browser: ${passed} checks passed before the failure; screenshots and the server's log in ${artefacts}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopServer();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(code);
