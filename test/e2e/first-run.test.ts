// The first five minutes, as a newcomer has them, in Chromium: the server started on a fresh data
// directory with no settings (the embedded default, login verification on), open /, create the first
// administrator, open the demo app, sign in, see the name, open the Admin Center from the account menu,
// sign out. Screenshots of each page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { freePort } from '../helpers/free-port.js';
import { startServerProcess, type ServerProcess } from '../helpers/processes.js';

const admin = { email: 'grace@example.com', name: 'Grace Hopper', password: 'a first admin password' };
let dataDir: string;
let server: ServerProcess;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'first-run-'));
  const port = await freePort();
  origin = `http://localhost:${port}`;
  server = await startServerProcess({ DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'development', LOGIN_VERIFICATION: 'true' });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('from a fresh start to the Admin Center through the demo app', async () => {
  expect(server.output()).toContain(`Open ${origin}/ to get started.`);
  const shots = new Screenshots('first-run');
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(`${origin}/`);
  await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
  expect(await page.locator('#issuer').textContent()).toBe(origin);
  await shots.take(page, 'landing');
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Name').fill(admin.name);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Password again').fill(admin.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByText('The administrator is created').waitFor();
  expect(await page.getByRole('heading', { name: 'Create the first administrator' }).count()).toBe(0);
  await shots.take(page, 'administrator-created');

  await page.getByRole('link', { name: 'Demo GoToAssist app' }).click();
  await shots.take(page, 'demo-signed-out');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await enterEmail(page, admin.email, { shots });
  await enterPassword(page, admin.password, { shots });
  await page.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
  await shots.take(page, 'demo-signed-in');

  await page.locator('details.account-menu-toggle summary').click();
  await shots.take(page, 'account-menu');
  await page.getByRole('menuitem', { name: 'Admin Center' }).click();
  await page.getByRole('heading', { name: 'Create your company account' }).waitFor();
  await shots.take(page, 'admin-center-setup');
  await page.getByLabel('Company name').fill('Hopper Industries');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  expect(await page.locator('table.users').textContent()).toContain(admin.email);
  await shots.take(page, 'admin-center-users');

  await page.goto(`${origin}/demo/`);
  await page.locator('details.account-menu-toggle summary').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  // One of our own apps asked: no question, straight back to it signed out.
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  expect(page.url()).toBe(`${origin}/demo/`);
  await shots.take(page, 'signed-out');
  await context.close();
});
