// New passwords in the panel (issue 27), in real headless Chromium against the real stack: the
// meter beside a new password asks the server's rule as one types and says what is weak, and
// "Generate" fills both fields with a strong password shown once, which then logs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, launch, logIn, panelUrl, submit, unique } from './stack.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the meter says what is weak and Generate makes a password that logs in', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => { throw new Error(`unexpected dialog: ${dialog.message()}`); });
  await logIn(page);
  await page.goto(`${panelUrl}?func=reseller.edit`);
  const name = unique('bp');
  await page.fill('#f-name', name);
  await page.fill('#f-passwd', 'password1');
  await page.waitForFunction(() => document.getElementById('f-passwd-weak').textContent.includes('dictionary'));
  assert.equal(await page.isVisible('#f-passwd-strength'), true);
  await page.fill('#f-passwd', 'Lime-tree-71');
  await page.waitForFunction(() => document.getElementById('f-passwd-weak').textContent === 'strong enough');

  await submit(page, '#f-passwd-generate', /\/ispmgr$/);
  const password = await page.locator('#generated-password code').textContent();
  assert.ok(password.length >= 12, password);
  assert.equal(await page.inputValue('#f-passwd'), password);
  assert.equal(await page.inputValue('#f-confirm'), password);
  assert.equal(await page.inputValue('#f-name'), name);
  await page.screenshot({ path: join(artifacts, 'password-generated.png'), fullPage: true });
  await submit(page, '#submit', /func=reseller(&done=|$)/);
  await context.close();

  const reseller = await browser.newContext({ locale: 'en-US' });
  const its = await reseller.newPage();
  await logIn(its, name, password);
  assert.ok(await its.isVisible('[id="menu-user"]'));
  await reseller.close();
});
