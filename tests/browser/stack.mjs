// What the browser tests need from the throwaway stack (tests/stack.sh writes it to $RESELLERMGR_TEST_ENV)
// and a few helpers: the API over HTTP (fetch) for setup, Chromium from Debian for the pages.
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function loadEnv() {
  const path = process.env.RESELLERMGR_TEST_ENV;
  if (!path) throw new Error('RESELLERMGR_TEST_ENV is not set: run the tests through ctest');
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export const env = loadEnv();
export const baseUrl = env.BASE_URL;
export const panelUrl = `${env.BASE_URL}/ispmgr`;
export const artifacts = process.env.BROWSER_ARTIFACTS ?? join(env.STACK_DIR, 'browser-artifacts');
mkdirSync(artifacts, { recursive: true });

let counter = 0;
export function unique(prefix) {
  counter += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${counter}`;
}

// One API call as admin (authinfo), parsed as JSON ("$" convention); throws on <error>.
export async function api(func, params = {}, as = `${env.ADMIN_LOGIN}:${env.ADMIN_PASSWORD}`) {
  const body = new URLSearchParams({ authinfo: as, func, out: 'json', ...params });
  const response = await fetch(panelUrl, { method: 'POST', body });
  const json = await response.json();
  if (json.doc.error) throw new Error(`${func}: ${json.doc.error.msg[0].$}`);
  return json.doc;
}

// Every *.brand.test name resolves to loopback in the browser, so a reseller's login domain is
// reached by its name, as a client's browser would.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--host-resolver-rules=MAP *.brand.test 127.0.0.1'],
  });
}

// Runs `step` on `page`; when it fails, keeps a screenshot of the page in the artifacts and
// names it, with the page's URL, in the error, so an intermittent failure leaves evidence.
async function keepEvidence(page, what, step) {
  try {
    return await step();
  } catch (error) {
    const shot = join(artifacts, `failed-${unique('step')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    error.message = `${what} at ${page.url()} (screenshot ${shot}): ${error.message}`;
    throw error;
  }
}

// Logs `page` in through the login form and waits for the main menu.
export async function logIn(page, login = env.ADMIN_LOGIN, password = env.ADMIN_PASSWORD) {
  await keepEvidence(page, `log in as ${login}`, async () => {
    await page.goto(panelUrl);
    await page.fill('#username', login);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(/\/ispmgr$/), page.click('#login-form button[type=submit]')]);
  });
}

// Ticks the list row whose key is `key`.
export async function selectRow(page, key) {
  await page.check(`#list tr[data-key="${key}"] input[name=elid]`);
}

// Clicks `selector` (a submit button) and waits for the page it leads to; fails with the page's
// error message when that is not a page whose URL matches `url` (a redirect after success).
export async function submit(page, selector, url) {
  await keepEvidence(page, `submit ${selector}`, async () => {
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(selector)]);
    if (!url.test(page.url())) {
      const error = await page.locator('#error, .field-error').allTextContents();
      throw new Error(`expected ${url} after ${selector}, got ${page.url()}: ${error.join(' | ')}`);
    }
  });
}
