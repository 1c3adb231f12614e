// Search (issue 5) in the browser: type 許志永 (Traditional) into the header's
// search box on the Chinese UI, submit without JavaScript, and find Xu
// Zhiyong's link; the query stays in the URL and in the box. Driven through
// Debian's Chromium with playwright-core against READOUT_URL (run.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './support.mjs';

const base = process.env.READOUT_URL;
let browser;

before(async () => {
  assert.ok(base, 'READOUT_URL must be set (tests/browser/run.sh sets it)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

for (const lang of ['zh-Hans', 'en']) {
  test(`the header search box finds 許志永 without JavaScript (${lang})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${base}/?lang=${lang}`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), lang);

    await page.locator('#site-search-q').fill('許志永');
    await Promise.all([page.waitForURL(/\/search\?/), page.locator('form.site-search button[type=submit]').click()]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), '許志永');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(await page.locator('#search-q').inputValue(), '許志永');

    const link = page.locator('.search-hit a[href="/people/prs_xu-zhiyong"]');
    assert.ok(await link.count() >= 1, 'a link to Xu Zhiyong\'s page');
    assert.ok(await page.locator('.search-hit mark').count() >= 1, 'the match is highlighted');

    // A facet checkbox narrows the results through the same GET form.
    const person = page.locator('input[name="type"][value="person"]');
    if (await person.count()) {
      await person.check();
      await Promise.all([page.waitForURL(/type=person/), page.locator('.search-facets button[type=submit]').click()]);
      assert.ok(await page.locator('.search-hit a[href="/people/prs_xu-zhiyong"]').count() >= 1);
    }

    await link.first().click();
    await page.waitForURL(/\/people\/prs_xu-zhiyong/);
    await context.close();
  });
}
