// Rate cards in the panel (issue 23), in real headless Chromium against the real stack: a
// reseller derives a customer card from its provider card with a markup, makes it the default
// for new clients, and sees what a new user will cost it and its client while creating one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, artifacts, launch, logIn, selectRow, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a reseller derives a card with a markup, gives it to a new user and sees the price', async () => {
  const top = unique('wholesale');
  const reseller = unique('cr');
  const client = unique('cu');
  await api('ratecard.edit', { sok: 'ok', name: top });
  await api('ratecard.price.edit', { sok: 'ok', plid: top, item: 'account', price: '30' });
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'reseller-pass-1', ratecard: top });

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page, reseller, 'reseller-pass-1');

  // What its provider charges it, read-only.
  await page.click('#menu-ratecard-provider');
  assert.equal(await page.locator('#list tr[data-key="account"] td[data-col=price]').textContent(), '30.00');

  // A card of its own: derived, 50% on top, the default for new clients.
  await page.click('#menu-ratecard');
  await page.click('#tb-new');
  await page.fill('#f-name', 'retail');
  await page.check('#f-default');
  await page.click('a[data-page=page-derivation]');
  await page.check('#f-derive');
  await page.fill('#f-markup', '50');
  await submit(page, '#submit', /func=ratecard(&done=|$)/);
  assert.equal(await page.locator('#list tr[data-key="retail"]').count(), 1, 'the card is listed');
  await selectRow(page, 'retail');
  await Promise.all([page.waitForNavigation(), page.click('#tb-prices')]);
  const account = page.locator('#list tr[data-key="account"]');
  assert.equal(await account.locator('td[data-col=price]').textContent(), '45.00');
  await page.screenshot({ path: join(artifacts, 'ratecard-prices.png'), fullPage: true });

  // A new user: the form says what it costs the reseller and what the card charges the client.
  await page.click('#menu-user');
  await page.click('#tb-new');
  assert.equal(await page.inputValue('#f-ratecard'), 'retail');
  assert.equal(await page.locator('#f-price_preview').textContent(),
               'Costs 30.00 USD at the provider card; card «retail» charges the client 45.00 USD');
  await page.screenshot({ path: join(artifacts, 'user-form-price.png'), fullPage: true });
  await page.fill('#f-name', client);
  await page.fill('#f-passwd', 'client-pass-1234');
  await page.fill('#f-confirm', 'client-pass-1234');
  await submit(page, '#submit', /func=user(&done=|$)/);
  await page.click(`#list tr[data-key="${client}"] td[data-col=name] a`);
  assert.equal(await page.inputValue('#f-ratecard'), 'retail');
  assert.match(await page.locator('#f-price_preview').textContent(), /charges the client 45\.00 USD/);

  // The card now has a holder.
  await page.click('#menu-ratecard');
  assert.equal(await page.locator('#list tr[data-key="retail"] td[data-col=holders]').textContent(), '1');
  await context.close();
  await api('reseller.edit', { sok: 'ok', elid: reseller, ratecard: '' });
});
