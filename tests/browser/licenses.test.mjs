// Licences in the panel (issue 24), in real headless Chromium against the real stack: a reseller
// adds IP licences and filters them, removes several at once after a confirmation (no script
// needed for either), makes a server account and an activation key, checks an address's
// availability, and the pages fit a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, artifacts, launch, logIn, panelUrl, selectRow, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

let counter = 0;
function newIp() {
  counter += 1;
  return `2001:db8:${(Date.now() % 65536).toString(16)}::${counter.toString(16)}`;
}

test('a reseller adds, filters and removes licences, with a key and a server account', async () => {
  const reseller = unique('lr');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'reseller-pass-1' });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page, reseller, 'reseller-pass-1');

  // A server account first, to put a licence under.
  await page.click('#menu-server-account');
  await page.click('#tb-new');
  await page.fill('#f-login', 'acme');
  await page.fill('#f-company', 'Acme Hosting');
  await page.fill('#f-license_limit', '10');
  await submit(page, '#submit', /func=server\.account(&done=|$)/);
  assert.equal(await page.locator('#list tr[data-key="acme"] td[data-col=usage]').textContent(), '0 / 10');

  // Three licences from the form.
  const ips = [newIp(), newIp(), newIp()];
  for (const [i, ip] of ips.entries()) {
    await page.click('#menu-license');
    await page.click('#tb-new');
    await page.fill('#f-ip', ip);
    await page.selectOption('#f-type', i === 2 ? '16' : '1');
    if (i === 0) await page.selectOption('#f-server_account', 'acme');
    await submit(page, '#submit', /func=license(&done=|$)/);
  }
  const rows = page.locator('#list tbody tr');
  assert.equal(await rows.count(), 3);
  // The licence totals head the page.
  assert.match(await page.locator('#heading-licenses').textContent(), /Licences on the account: 3/);
  assert.match(await page.locator('#heading-cost_month').textContent(), /0\.00/);
  await page.screenshot({ path: join(artifacts, 'licenses.png'), fullPage: true });

  // The filter form is a plain GET form: KernelCare only.
  await page.selectOption('#filter-form select[name=type]', '16');
  await Promise.all([page.waitForNavigation(), page.click('#filter-form button[type=submit]')]);
  assert.equal(await rows.count(), 1);
  assert.equal(await page.locator('#list tbody tr td[data-col=type_name]').textContent(), 'KernelCare');
  await page.click('#filter-reset');

  // Two removed at once, after a confirmation page.
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
  await selectRow(page, ids[0]);
  await selectRow(page, ids[1]);
  await page.click('#tb-delete');
  await page.waitForSelector('#confirm-form');
  await submit(page, '#confirm-yes', /func=license(&done=|$)/);
  assert.equal(await rows.count(), 1);

  // An activation key: its token is shown to its owner.
  await page.click('#menu-license-key');
  await page.click('#tb-new');
  await page.selectOption('#f-type', '1');
  await page.fill('#f-server_limit', '5');
  await page.fill('#f-note', 'fleet A');
  await submit(page, '#submit', /func=license\.key(&done=|$)/);
  const token = await page.locator('#list tbody tr td[data-col=key]').first().textContent();
  assert.match(token, /^[0-9a-f]{32}$/);

  // Availability of the remaining licence's address.
  const left = await page.locator('#list tbody tr').count();
  assert.equal(left, 1);
  await page.goto(`${panelUrl}?func=license`);
  const ip = await page.locator('#list tbody tr td[data-col=ip]').first().textContent();
  await page.click('#menu-license-availability');
  await page.fill('#filter-form input[name=ip]', ip);
  await Promise.all([page.waitForNavigation(), page.click('#filter-form button[type=submit]')]);
  const statuses = await page.locator('#list tbody tr td[data-col=status]').allTextContents();
  assert.ok(statuses.includes('taken') && statuses.includes('available'), statuses.join(','));
  await context.close();

  // At phone width the licence pages fit the screen.
  const phone = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await logIn(small, reseller, 'reseller-pass-1');
  for (const func of ['license', 'license.edit', 'license.key', 'server.account', 'license.availability']) {
    await small.goto(`${panelUrl}?func=${func}`);
    const fits = await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(fits, `${func} is no wider than the screen`);
  }
  await small.goto(`${panelUrl}?func=license`);
  await small.screenshot({ path: join(artifacts, 'licenses-phone-ru.png'), fullPage: true });
  await phone.close();
});

test('a new reseller signs up from the login page', async () => {
  await api('agreement.edit', { sok: 'ok', enabled: 'on', approval: 'off', min_deposit: '50',
                                text: `Reseller agreement ${unique('v')}: resell fairly.` });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await page.goto(panelUrl);
  await Promise.all([page.waitForNavigation(), page.click('#signup')]);
  assert.match(await page.locator('#f-agreement').textContent(), /resell fairly/);
  const login = unique('bs');
  await page.fill('#f-login', login);
  await page.fill('#f-email', `${login}@signup.test`);
  await page.fill('#f-company', 'Browser Hosting');
  await page.fill('#f-deposit', '60');
  await page.check('#f-agree');
  await page.screenshot({ path: join(artifacts, 'signup.png'), fullPage: true });
  await submit(page, '#submit', /done=signup_sent/);
  assert.match(await page.locator('#notice').textContent(), /follow the link we have e-mailed you/);
  const queue = await api('signup.queue');
  const rows = Array.isArray(queue.elem) ? queue.elem : [queue.elem];
  assert.ok(rows.some((row) => row.login.$ === login && row.status.$ === 'unverified'));
  await context.close();
});
