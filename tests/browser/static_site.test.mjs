// The static site (readout publish) in a browser: opened from disk over
// file:// and served by `python3 -m http.server` on a free port; follows the
// header's links and the language switcher, and runs the in-browser search
// for 许志永, Xu Zhiyong and 人权; without JavaScript the search page says so.
//
// READOUT_STATIC_SITE: a published folder; or READOUT_BIN: the readout
// executable, used to publish the demo into a temporary folder. With neither
// (run.sh runs every test against a server) the tests are skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, openPage } from './support.mjs';

const bin = process.env.READOUT_BIN;
let site = process.env.READOUT_STATIC_SITE;
const skip = !bin && !site ? 'set READOUT_STATIC_SITE or READOUT_BIN' : false;
let work;
let browser;
let server;
let httpBase;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

before(async () => {
  if (skip) return;
  if (!site) {
    work = mkdtempSync(join(tmpdir(), 'readout-static-'));
    const db = join(work, 'readout.db');
    execFileSync(bin, ['init', '--db', db]);
    execFileSync(bin, ['demo', '--db', db]);
    site = join(work, 'site');
    execFileSync(bin, ['publish', '--db', db, '--out', site, '--no-pdf']);
  }
  assert.ok(existsSync(join(site, 'en', 'index.html')), `${site} holds no published site`);
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site],
                 { stdio: 'ignore' });
  httpBase = `http://127.0.0.1:${port}`;
  await waitFor(`${httpBase}/en/index.html`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) server.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

const bases = () => [['file://', pathToFileURL(site).href], ['http', httpBase]];

test('pages link to each other and to their translations, from disk and over HTTP', { skip }, async () => {
  for (const [name, base] of bases()) {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context);
    await page.goto(`${base}/en/index.html`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', name);
    // The stylesheet loaded: the hashed asset resolved relative to the page.
    // (cssRules cannot be read from a file:// sheet, so ask for a custom property the sheet defines.)
    const ink = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ink').trim());
    assert.equal(ink, '#1b1f24', `${name}: the stylesheet did not load`);

    await Promise.all([page.waitForURL(/\/en\/cases\.html$/), page.locator('.site-nav a').nth(1).click()]);
    const caseLink = page.locator('a[href$="cas_xu-zhiyong-2013.html"]').first();
    assert.ok(await caseLink.count(), `${name}: the case list links to Xu Zhiyong's case`);
    await Promise.all([page.waitForURL(/cases\/cas_xu-zhiyong-2013\.html$/), caseLink.click()]);
    assert.match(await page.locator('h1').innerText(), /Xu Zhiyong|许志永/);

    await Promise.all([page.waitForURL(/\/zh-Hant\/cases\/cas_xu-zhiyong-2013\.html$/),
                       page.locator('.language-switcher a[hreflang="zh-Hant"]').click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant', name);
    assert.match(await page.locator('main').innerText(), /許志永/);
    assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
    await context.close();
  }
});

for (const [query, lang, expected] of [['许志永', 'zh-Hans', /cas_xu-zhiyong-2013|prs_xu-zhiyong/],
                                        ['Xu Zhiyong', 'en', /cas_xu-zhiyong-2013|prs_xu-zhiyong/],
                                        ['人权', 'zh-Hans', /dialogues\//]]) {
  test(`the static search finds ${query} (${lang})`, { skip }, async () => {
    for (const [name, base] of bases()) {
      const context = await browser.newContext();
      const { page, problems } = await openPage(context);
      await page.goto(`${base}/${lang}/index.html`);
      await page.locator('#site-search-q').fill(query);
      await Promise.all([page.waitForURL(/search\.html\?/), page.locator('form.site-search button[type=submit]').click()]);
      const results = page.locator('#static-search-results a');
      await results.first().waitFor({ timeout: 5000 });
      const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.some((h) => expected.test(h)), `${name}: ${query} found ${hrefs.slice(0, 5).join(', ')}`);
      assert.equal(await page.locator('#static-search-q').inputValue(), query);
      const first = hrefs.find((h) => expected.test(h));
      await Promise.all([page.waitForURL((u) => u.href.endsWith(first)),
                         page.locator(`#static-search-results a[href="${first}"]`).first().click()]);
      assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
      await context.close();
    }
  });
}

test('without JavaScript the search page says it needs it', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${httpBase}/en/search.html?q=xu`);
  assert.match(await page.locator('main').innerText(), /JavaScript/);
  await context.close();
});
