// Finding and working things on an admin page the way a person does (by label, button and
// link text), shared by the browser scenarios.

import { eventually, expect, expectEqual } from './expect.mjs';

export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The label's text is exactly `text`; a trailing "*" (a required marker) is allowed.
export const labelled = (scope, text) => scope.getByLabel(new RegExp(`^\\s*${escapeRegExp(text)}\\s*\\*?\\s*$`));
export const button = (scope, name) => scope.getByRole('button', { name, exact: true });
export const link = (scope, name) => scope.getByRole('link', { name, exact: true });
export const pathOf = (page) => new URL(page.url()).pathname;
export const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
export const visibleText = (page) => page.locator('body').innerText();

// The text of the one element `locator` matches, failing at once (no waiting) when it is absent.
export async function textOf(locator, what) {
  const count = await locator.count();
  expectEqual(count, 1, `number of elements for ${what}`);
  return squash(await locator.textContent());
}

export async function tagOf(locator, what) {
  expectEqual(await locator.count(), 1, `number of controls labelled ${what}`);
  return locator.evaluate((element) => element.tagName.toLowerCase());
}

export async function expectPath(page, expected, what) {
  const matches = (url) => (expected instanceof RegExp ? expected.test(url.pathname) : url.pathname === expected);
  try {
    await page.waitForURL(matches, { timeout: 10_000, waitUntil: 'load' });
  } catch {
    throw new Error(`${what}: expected to be on ${expected}, but the page is ${page.url()}`);
  }
}

export async function click(page, control) {
  await control.click();
  await page.waitForLoadState('load');
}

export async function errorsShown(page) {
  return (await page.locator('.error').allTextContents()).map(squash).filter(Boolean);
}

// Checks the page at `pathname`, loading it afresh between attempts (never reloading a POST).
export async function pollPage(page, pathname, what, check, timeoutMs = 10_000) {
  let first = true;
  return eventually(what, async () => {
    if (!first || pathOf(page) !== pathname) await page.goto(pathname);
    first = false;
    await check();
  }, { timeoutMs, intervalMs: 500 });
}

export async function logIn(page, user, password) {
  await page.goto('/login');
  await labelled(page, 'User name').fill(user);
  await labelled(page, 'Password').fill(password);
  await click(page, button(page, 'Log in'));
}

export async function logOut(page) {
  await click(page, button(page, 'Log out'));
  const response = await page.goto('/');
  await expectPath(page, '/login', `after "Log out", opening / (status ${response?.status()})`);
}

// "Every form has a hidden input name=csrf": checked on the page each step ends on.
export async function postFormsCarryCsrf(page) {
  if (page.isClosed()) return;
  const bare = await page.evaluate(() => [...document.forms]
    .filter((form) => form.method === 'post')
    .filter((form) => {
      const csrf = form.querySelector('input[name="csrf"]');
      return !csrf || csrf.type !== 'hidden' || !csrf.value;
    })
    .map((form) => form.getAttribute('action') ?? '(no action)'));
  expect(bare.length === 0, `POST forms without a filled hidden input name="csrf" on ${page.url()}: ${bare.join(', ')}`);
}

