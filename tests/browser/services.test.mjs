// White label and services in the panel (issue 12), in real headless Chromium against the real
// stack: a client opens its reseller's login domain and gets the reseller's brand, logs in and
// asks for a service from its services tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, artifacts, env, launch, logIn, panelUrl, selectRow, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a client gets its reseller\'s branded login page on its domain and asks for a service', async () => {
  const reseller = unique('wr');
  const client = unique('wc');
  const domain = `${unique('panel')}.brand.test`;
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'reseller-pass-1' });
  await api('user.edit', { sok: 'ok', name: client, passwd: 'client-pass-12', owner: reseller });
  await api('brand.edit', { sok: 'ok', elid: reseller, allowed: 'on', brand_name: 'Северный хостинг',
                            primary_color: '#0f3460', domain });
  await api('vendor.edit', { sok: 'ok', support_by: 'reseller', support_email: `help@${domain}` },
            `${reseller}:reseller-pass-1`);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  const port = new URL(panelUrl).port;
  await page.goto(`http://${domain}:${port}/ispmgr`);
  assert.equal(await page.title(), 'Log in · Северный хостинг');
  assert.equal(await page.locator('#brand').textContent(), 'Северный хостинг');
  // The brand's colour reaches the page through its stylesheet.
  await page.fill('#username', client);
  await page.fill('#password', 'client-pass-12');
  await Promise.all([page.waitForURL(/\/ispmgr$/), page.click('#login-form button[type=submit]')]);
  const header = await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(header, 'rgb(15, 52, 96)');
  await page.screenshot({ path: join(artifacts, 'branded-home.png'), fullPage: true });
  await page.click('#menu-client-service');
  assert.equal(await page.locator('#list tr[data-key="cdn"] td[data-col=status]').textContent(), 'available');
  await selectRow(page, 'cdn');
  await Promise.all([page.waitForNavigation(), page.click('#tb-request')]);
  await submit(page, '#confirm-form button[type=submit]', /func=client\.service/);
  assert.equal(await page.locator('#list tr[data-key="cdn"] td[data-col=status]').textContent(),
               'activation requested');
  await page.screenshot({ path: join(artifacts, 'services-tab.png'), fullPage: true });
  // The host's own look is nowhere on the client's pages.
  assert.ok(!(await page.content()).includes('resellermgr</a>'));
  await context.close();
});

// The newest mail to `to` that the loopback SMTP server took, its body decoded.
function mailTo(to) {
  const files = readdirSync(env.SMTP_DIR).filter((f) => f.endsWith('.eml')).sort().reverse();
  for (const file of files) {
    const text = readFileSync(join(env.SMTP_DIR, file), 'latin1');
    if (!text.includes(`X-Envelope-To: ${to}\r\n`)) continue;
    const body = text.slice(text.indexOf('\r\n\r\n') + 4).replace(/\s+/g, '');
    return Buffer.from(body, 'base64').toString('utf8');
  }
  return null;
}

test('a forgotten password is set again through the mailed link, once', async () => {
  const reseller = unique('fp');
  const address = `${reseller}@reset.test`;
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'old-pass-1234', email: address });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(panelUrl);
  await Promise.all([page.waitForNavigation(), page.click('#forgot')]);
  assert.equal(await page.locator('#edit-form').count(), 1);
  assert.equal(await page.locator('#logout').count(), 0);  // no one is logged in here
  await page.fill('#f-username', reseller);
  await submit(page, '#submit', /done=reset_sent/);
  assert.match(await page.locator('#notice').textContent(), /a link to set a new password is on its way/);
  let body = null;
  for (let i = 0; i < 100 && !body; ++i) {
    body = mailTo(address);
    if (!body) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const link = body?.match(/https?:\/\/\S+func=password\.reset\.finish&token=[0-9a-f]{64}/)?.[0];
  assert.ok(link, `no link in: ${body}`);
  await page.goto(link);
  await page.fill('#f-passwd', 'new-pass-12345');
  await page.fill('#f-confirm', 'new-pass-12345');
  await submit(page, '#submit', /done=password_set/);
  await page.fill('#username', reseller);
  await page.fill('#password', 'new-pass-12345');
  await Promise.all([page.waitForURL(/\/ispmgr$/), page.click('#login-form button[type=submit]')]);
  assert.equal(await page.locator('#current-login').textContent(), reseller);
  // The link works once.
  const again = await context.newPage();
  await again.goto(link);
  await again.fill('#f-passwd', 'other-pass-12345');
  await again.fill('#f-confirm', 'other-pass-12345');
  await Promise.all([again.waitForNavigation(), again.click('#submit')]);
  assert.match(await again.locator('#error, .field-error').first().textContent(), /invalid, used or expired/);
  await context.close();
});

test('daily use: search, a chart on the account, CSV, every wrong field at once, support both ways', async () => {
  const reseller = unique('dr');
  const client = unique('dc');
  await api('reseller.edit', { sok: 'ok', name: reseller, passwd: 'reseller-pass-1', limit_quota: '4096' });
  await api('user.edit', { sok: 'ok', name: client, passwd: 'client-pass-12', owner: reseller,
                           fullname: 'Анна Смирнова', limit_quota: '1 GiB' });
  await api('usage.report', { elid: client, quota_used: '300', traff_used: '12' });
  // The reseller handles its clients' support itself (else it goes to the host).
  await api('vendor.edit', { sok: 'ok', support_by: 'reseller' }, `${reseller}:reseller-pass-1`);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page, reseller, 'reseller-pass-1');

  // The header's search finds the client by its full name, in any case.
  await page.fill('#search-q', 'смирнова');
  await Promise.all([page.waitForNavigation(), page.press('#search-q', 'Enter')]);
  assert.deepEqual(await page.locator('#list tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.key)), [client]);
  // Its form: a way back to the list, and its usage drawn as an image.
  await selectRow(page, client);
  await Promise.all([page.waitForNavigation(), page.click('#tb-open_user')]);
  assert.equal(await page.locator('#crumb-list').textContent(), 'Users');
  const chart = page.locator('#chart');
  await chart.waitFor();
  assert.ok(await chart.evaluate((img) => img.complete && img.naturalWidth > 0));
  await page.screenshot({ path: join(artifacts, 'account-chart.png'), fullPage: true });

  // Sizes read as people read them, and the list as CSV.
  await page.click('#menu-user');
  assert.match(await page.locator(`#list tr[data-key="${client}"] td[data-col=quota]`).textContent(), /300 MiB \/ 1 GiB/);
  const csv = await context.request.get(await page.locator('#export-csv').evaluate((a) => a.href));
  assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
  assert.match(await csv.text(), new RegExp(`^id,name,`));

  // A form with three wrong fields says all three at once.
  await page.click('#tb-new');
  await page.fill('#f-name', '');
  await page.fill('#f-email', 'not-an-address');
  await page.click('a[data-page="page-limits"]');  // the limits' tab
  await page.fill('#f-limit_quota', 'lots');
  await page.fill('#f-limit_users', 'many');
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  for (const field of ['name', 'email', 'limit_quota', 'limit_users'])
    assert.equal(await page.locator(`#error-${field}`).count(), 1, field);
  // The limits' tab, not open, says it holds errors too.
  assert.match(await page.locator('a[data-page="page-limits"]').getAttribute('class'), /has-error/);
  await page.screenshot({ path: join(artifacts, 'form-errors.png'), fullPage: true });

  // The client opens a ticket to its provider; the reseller's menu counts it.
  const clientContext = await browser.newContext({ locale: 'en-US' });
  const clientPage = await clientContext.newPage();
  await logIn(clientPage, client, 'client-pass-12');
  await clientPage.click('#menu-ticket');
  await clientPage.click('#tb-new');
  await clientPage.fill('#f-subject', 'Mail is slow');
  await clientPage.fill('#f-text', 'Since this morning');
  await submit(clientPage, '#submit', /func=ticket/);
  await page.goto(`${panelUrl}?func=ticket`);
  assert.equal(await page.locator('#menu-count-ticket').textContent(), '1');

  // The reseller switches a client's service on from the client's services list.
  await page.click('#menu-user');
  await selectRow(page, client);
  await Promise.all([page.waitForNavigation(), page.click('#tb-services')]);
  await selectRow(page, 'cdn');
  await Promise.all([page.waitForNavigation(), page.click('#tb-change')]);
  await page.selectOption('#f-status', 'active');
  await submit(page, '#submit', /func=client\.service&elid=/);
  assert.equal(await page.locator('#list tr[data-key="cdn"] td[data-col=status]').textContent(), 'active');
  await clientContext.close();
  await context.close();
});
