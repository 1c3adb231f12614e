// Accessibility: axe-core (node_modules/axe-core) on every public page type
// of the demo, in English and Simplified Chinese, in Debian's Chromium
// through playwright-core against READOUT_URL (run.sh). A serious or critical
// violation fails the test, printing its rule id, impact and targets.
//
// axe is injected with page.addScriptTag; the context bypasses the server's
// Content-Security-Policy (script-src 'self') for that script only in effect:
// the pages themselves run as served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support.mjs';

const base = process.env.READOUT_URL;
const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

// Every public page type, on a record of the demo that has one. Pages that
// may not exist yet in this tree (readouts, issue 6) are checked when they
// answer 200 and skipped otherwise.
const pages = [
  { name: 'home', path: '/' },
  { name: 'dialogue', path: '/dialogues/dlg_us-china' },
  { name: 'round', path: '/rounds/rnd_2013-kunming' },
  { name: 'person', path: '/people/prs_xu-zhiyong' },
  { name: 'case', path: '/cases/cas_xu-zhiyong-2013' },
  { name: 'cases', path: '/cases' },
  { name: 'cases filtered', path: '/cases?status=released&sort=days' },
  { name: 'overdue', path: '/cases/overdue' },
  { name: 'history', path: '/records/rnd_2013-kunming/history' },
  { name: 'scorecard', path: '/dialogues/dlg_us-china/scorecard' },
  { name: 'changes', path: '/dialogues/dlg_us-china/changes' },
  { name: 'agencies', path: '/dialogues/dlg_us-china/agencies' },
  { name: 'agency', path: '/agencies/agy_us-state' },
  { name: 'engagement', path: '/engagements/eng_2013-04-kerry-visit' },
  { name: 'indicator', path: '/indicators/ind_tibetan-self-immolations' },
  { name: 'alerts', path: '/alerts' },
  { name: 'search', path: '/search?q=%E4%BA%BA%E6%9D%83' },
  { name: 'not found', path: '/no/such/page', status: 404 },
  { name: 'readouts', path: '/readouts', optional: true },
];

let browser;

before(async () => {
  assert.ok(base, 'READOUT_URL must be set (tests/browser/run.sh sets it)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

function describe(violations) {
  return violations
    .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    at ${n.target.join(' ')}`).join('\n'))
    .join('\n');
}

async function audit(context, url, expectedStatus, plant = false) {
  const page = await context.newPage();
  const response = await page.goto(url);
  const status = response.status();
  if (status !== expectedStatus) {
    await page.close();
    return { status };
  }
  if (plant) {
    // An image with no text alternative: axe rates it critical (image-alt).
    await page.evaluate(() => document.body.appendChild(document.createElement('img')));
  }
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }));
  await page.close();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { status, serious };
}

for (const lang of ['en', 'zh-Hans']) {
  test(`every public page type has no serious or critical axe violation (${lang})`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const failures = [];
    let audited = 0;
    for (const p of pages) {
      const sep = p.path.includes('?') ? '&' : '?';
      const url = `${base}${p.path}${sep}lang=${lang}`;
      const { status, serious } = await audit(context, url, p.status ?? 200);
      if (!serious) {
        if (!p.optional) failures.push(`${p.name} ${url}: status ${status}, expected ${p.status ?? 200}`);
        continue;
      }
      ++audited;
      if (serious.length) failures.push(`${p.name} ${url}:\n${describe(serious)}`);
    }
    await context.close();
    assert.ok(audited >= pages.length - 1, `audited ${audited} pages`);
    assert.equal(failures.length, 0, `axe-core found problems (${lang}):\n${failures.join('\n')}`);
  });
}

test('the audit fails on a planted violation (an image without alt text)', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const { status, serious } = await audit(context, `${base}/?lang=en`, 200, true);
  await context.close();
  assert.equal(status, 200);
  assert.ok(serious.some((v) => v.id === 'image-alt'), `expected image-alt, got:\n${describe(serious)}`);
});
