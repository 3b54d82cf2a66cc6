// Shared helpers for the browser tests: Debian's Chromium through playwright-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.join(here, '..', '..', 'build', 'web', 'dist');
export const shots = path.join(here, '..', '..', 'build', 'test-results');
fs.mkdirSync(shots, { recursive: true });
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
let profiles = 0;
// A fresh browser profile folder (so OPFS starts empty).
export const newProfile = () => path.join(tmp, `profile-${++profiles}`);

// The tests of every screen file register here; tests/e2e/run.mjs runs them, the ones
// marked { long: true } (minutes, not seconds) first.
export const tests = [];
export const test = (name, fn, options = {}) => tests.push({ name, fn, long: !!options.long });

// Distinct colours of a PNG and the share of its most common colour.
export function colourStats(buffer) {
  const png = PNG.sync.read(buffer);
  const counts = new Map();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const top = Math.max(...counts.values());
  return { distinct: counts.size, dominant: top / (png.width * png.height) };
}

// Whether the last frame drew an item with this label.
export const hasItem = (page, name) => page.evaluate((n) => window.crm.ui.items()[n] !== undefined, name);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

// What a test did that the product must never do: a request leaving 127.0.0.1 (the app
// runs with no network), a Content-Security-Policy violation. The runner fails the test.
export const violations = [];

// A persistent profile, so OPFS survives closing and reopening the browser. Every
// request is checked: one for another host is refused and recorded.
export async function launchProfile(userDataDir, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
  });
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:')
        && u.hostname !== '127.0.0.1') {
      violations.push(`a request left 127.0.0.1: ${u.href}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return context;
}

export async function waitFor(page, predicate, arg, timeout = 20000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 50 });
}

// Waits until the page's interface drew a widget with this label; returns its centre.
export async function findItem(page, label, timeout = 10000) {
  // The rectangle of a frame after the one that first drew it (a dialog settles in place
  // a frame late); when a later frame no longer draws it (scrolled away), the last seen.
  const handle = await page.waitForFunction((l) => window.crm && window.crm.ui.items()[l], label,
    { timeout, polling: 50 });
  const seen = await handle.jsonValue();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = (await page.evaluate((l) => window.crm.ui.items()[l], label)) || seen;
  return { x: r[0] + r[2] / 2, y: r[1] + r[3] / 2, rect: r };
}

// The screens of the bar's « Gestion » menu are reached through it, as a user does.
export const MENU = 'Gestion ▾##nav-menu';
const inMenu = /##nav-(data|team|log|storage|settings|relance_setup)$/;

export async function click(page, label) {
  if (inMenu.test(label) && !(await hasItem(page, label))) {
    await findItem(page, MENU, 30000);
    const m = await findItem(page, MENU);
    await page.mouse.move(m.x, m.y);
    await page.mouse.click(m.x, m.y);
  }
  const p = await findItem(page, label);
  await page.mouse.move(p.x, p.y);
  await page.mouse.click(p.x, p.y);
  return p;
}

// Clicks a text field and waits until the interface edits it and the hidden textarea
// (which receives the keyboard) has the focus.
export async function focusField(page, label) {
  await click(page, label);
  await waitFor(page, (l) => window.crm.ui.items().__active === l
    && document.activeElement && document.activeElement.id === 'crm-text', label);
}

// Every page opened by a test, so the runner can photograph them when a test fails.
export const openPages = new Set();

export async function openApp(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  openPages.add(page);
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (/Content Security Policy/i.test(m.text())) violations.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await waitFor(page, () => window.crm && window.crm.status() !== 'starting' && window.crm.ui.ready());
  return { page, errors };
}

export const ADMIN = { email: 'admin@pme-test.fr', password: 'Motdepasse-2026' };

// First start and sign-in through window.crm.call (the interface follows: it shares
// the page's session).
export async function signIn(page, who = ADMIN) {
  await page.evaluate(async (u) => {
    const status = await window.crm.call('auth.status', {});
    if (status.result.needs_setup) await window.crm.call('auth.setup', { email: u.email, password: u.password });
    const r = await window.crm.call('auth.login', { email: u.email, password: u.password });
    if (!r.result) throw new Error('sign-in failed: ' + JSON.stringify(r));
  }, who);
  // The home screen is the day's work (or where the user was); most tests start from
  // the Clients screen.
  await waitFor(page, () => Object.keys(window.crm.ui.items()).some((k) => k.startsWith('view:')));
  if (!(await page.evaluate(() => 'view:clients' in window.crm.ui.items()))) await click(page, 'Clients##nav-clients');
  await findItem(page, '##clients-search');
}

// The page's database file (window.crm.exportDatabase()) written to `file` in tmp,
// for Debian's sqlite3 to open; returns its path.
export async function exportDatabaseFile(page, name) {
  const b64 = await page.evaluate(async () => {
    const bytes = new Uint8Array(await window.crm.exportDatabase());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Buffer.from(b64, 'base64'));
  return file;
}
