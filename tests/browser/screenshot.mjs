// Signs in to a running bettercare server and saves a screenshot of one page
// (scripts/web-screenshot runs it for the README's picture).
//
//   node tests/browser/screenshot.mjs URL USER PASSWORD PATH OUT.png [WIDTH]
import { chromium } from 'playwright-core';

const [base, user, password, page_path, out, width = '1280'] = process.argv.slice(2);
if (!out) {
  console.error('usage: screenshot.mjs URL USER PASSWORD PATH OUT.png [WIDTH]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
  await page.goto(new URL('/login', base).href);
  await page.fill('#name', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type="submit"]')]);
  const r = await page.goto(new URL(page_path, base).href);
  if (!r.ok()) throw new Error(`GET ${page_path} answered ${r.status()}`);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`web-screenshot: wrote ${out} (${page_path} as ${user})`);
} finally {
  await browser.close();
}
