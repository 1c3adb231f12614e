// What a reader sees on the Kunming round page, in English and in Chinese,
// driven through Debian's Chromium with playwright-core. The server is a
// black box at READOUT_URL (tests/browser/run.sh starts one with the demo data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage } from './support.mjs';

const base = process.env.READOUT_URL;
const roundPath = '/rounds/rnd_2013-kunming';

let browser;

before(async () => {
  assert.ok(base, 'READOUT_URL must be set (tests/browser/run.sh sets it)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('the Kunming round in English, then in Chinese through the language switcher', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const { page, problems } = await openPage(context);

  const response = await page.goto(`${base}${roundPath}?lang=en`);
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').count(), 1);
  assert.match(await page.locator('h1').innerText(), /Kunming/);

  // The Ministry of Foreign Affairs' reply, visible with its reply-kind label in words.
  const reply = page.locator('.reply', { hasText: 'best period in history' }).first();
  assert.ok(await reply.isVisible(), 'the MFA reply is visible');
  const kind = (await reply.locator('.reply-kind .kind').innerText()).trim();
  assert.ok(kind.length > 0, 'the reply has a kind label');
  assert.doesNotMatch(kind, /[\u4e00-\u9fff]/, 'the English page labels the kind in English');
  assert.ok(await page.getByRole('heading', { name: /Issues raised and replies/ }).isVisible());

  // The stylesheet is served under its hashed name.
  const css = await page.evaluate(() => document.querySelector('link[rel=stylesheet]').href);
  assert.match(css, /\/static\/readout\.[0-9a-f]{8}\.css$/);

  // Switch language with the switcher link, as a reader would.
  await Promise.all([
    page.waitForURL(/lang=zh-Hans/),
    page.locator('.language-switcher a[hreflang="zh-Hans"]').click(),
  ]);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.match(await page.locator('h1').innerText(), /昆明/);
  const zhKind = (await page.locator('.reply .reply-kind').first().innerText()).trim();
  assert.match(zhKind, /答复类型/);
  assert.ok(await page.getByRole('heading', { name: '代表团', exact: true }).isVisible());
  assert.ok(await page.getByText('提出的事项及答复').first().isVisible());
  assert.equal(
    await page.locator('.language-switcher a[aria-current="true"]').getAttribute('hreflang'), 'zh-Hans');

  assert.deepEqual(problems, [], 'no console errors or failed requests');
  await context.close();
});

test('the round page works with JavaScript disabled', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await openPage(context);
  const response = await page.goto(`${base}${roundPath}?lang=zh-Hans`);
  assert.equal(response.status(), 200);
  assert.match(await page.locator('h1').innerText(), /昆明/);
  assert.ok(await page.locator('.reply').first().isVisible());
  await page.locator('.language-switcher a[hreflang="en"]').click();
  await page.waitForURL(/lang=en/);
  assert.match(await page.locator('h1').innerText(), /Kunming/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown round is a translated 404 page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${base}/rounds/rnd_no-such-round?lang=zh-Hans`);
  assert.equal(response.status(), 404);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.match(await page.locator('h1').innerText(), /未找到页面/);
  await context.close();
});
