// What a reader sees on the demo dialogue's scorecard in Chinese: translated
// headings, and each rating as visible text in words (not colour alone),
// driven through Debian's Chromium with playwright-core. The server is a
// black box at READOUT_URL (tests/browser/run.sh starts one with the demo data).
//
// The demo ids: the US-China dialogue, its 2013 Kunming and 2015 Washington
// rounds, and the benchmark "Re-education through Labor abolished" rated at both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage } from './support.mjs';

const base = process.env.READOUT_URL;
const scorecardPath = '/dialogues/dlg_us-china/scorecard';
const benchmarkId = 'bmk_rtl-abolished';
const ratedRounds = ['rnd_2013-kunming', 'rnd_2015-washington'];
const han = /[\u4e00-\u9fff]/;

let browser;

before(async () => {
  assert.ok(base, 'READOUT_URL must be set (tests/browser/run.sh sets it)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

// The rating cell of the benchmark's row under the column of `roundId`.
async function ratingCell(page, roundId) {
  const column = await page.evaluate((id) => {
    const heads = [...document.querySelectorAll('table.scorecard thead th')];
    return heads.findIndex((th) => [...th.querySelectorAll('a')]
      .some((a) => new URL(a.href).pathname === `/rounds/${id}`));
  }, roundId);
  assert.ok(column > 0, `the scorecard has a column for ${roundId}`);
  const row = page.locator('table.scorecard tbody tr', { has: page.locator(`th a[href="#${benchmarkId}"]`) });
  assert.equal(await row.count(), 1, `one scorecard row for ${benchmarkId}`);
  // Column 0 is the row's <th>; cells follow in column order.
  return row.locator('td').nth(column - 1);
}

test('the scorecard in Chinese has translated headings and ratings in words', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const { page, problems } = await openPage(context);

  const response = await page.goto(`${base}${scorecardPath}?lang=zh-Hans`);
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');

  const h1 = (await page.locator('h1').innerText()).trim();
  assert.match(h1, han, `the heading is in Chinese: ${h1}`);
  assert.doesNotMatch(h1, /Scorecard/i);
  assert.ok(await page.locator('h1').isVisible());
  const caption = (await page.locator('table.scorecard caption').innerText()).trim();
  assert.match(caption, han, `the table caption is in Chinese: ${caption}`);
  const reasons = page.locator('#reasons-heading');
  assert.ok(await reasons.isVisible());
  assert.match(await reasons.innerText(), han);
  const benchmarkColumn = (await page.locator('table.scorecard thead th').first().innerText()).trim();
  assert.match(benchmarkColumn, han, `the benchmark column heading is in Chinese: ${benchmarkColumn}`);

  for (const roundId of ratedRounds) {
    const cell = await ratingCell(page, roundId);
    const label = cell.locator('.rating-text');
    assert.ok(await label.isVisible(), `the ${roundId} rating is visible text`);
    const text = (await label.innerText()).trim();
    assert.match(text, han, `the ${roundId} rating is labelled in Chinese: ${text}`);
    assert.doesNotMatch(text, /[A-Za-z_]/, `no English or code in the ${roundId} label: ${text}`);
  }

  // The later rating says how it changed since 2013, in Chinese words too.
  const later = await ratingCell(page, ratedRounds[1]);
  const change = later.locator('.rating-change');
  if (await change.count() > 0) {
    assert.ok(await change.isVisible());
    assert.match(await change.innerText(), han);
  }

  // The rationale below the table is reachable from the cell's link.
  const href = await later.locator('a').first().getAttribute('href');
  assert.ok(href, 'the rated cell links to its rationale and evidence');

  assert.deepEqual(problems, [], 'no console errors or failed requests');
  await context.close();
});

test('the same cells in English carry English labels', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await openPage(context);
  const response = await page.goto(`${base}${scorecardPath}?lang=en`);
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  for (const roundId of ratedRounds) {
    const text = (await (await ratingCell(page, roundId)).locator('.rating-text').innerText()).trim();
    assert.ok(text.length > 0, `the ${roundId} rating has a label`);
    assert.doesNotMatch(text, han, `the English page labels ${roundId} in English: ${text}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
