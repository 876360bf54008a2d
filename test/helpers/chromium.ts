// Debian's Chromium driven by playwright-core (never a downloaded browser). Each test saves a screenshot
// of every page it passes under test-artifacts/, for people to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { projectRoot } from '../../src/core/project-root.js';

const EXECUTABLE = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`no Chromium at ${EXECUTABLE}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: EXECUTABLE, args: FLAGS });
}

/** Saves numbered screenshots of one test's pages under test-artifacts/NAME/. */
export class Screenshots {
  private count = 0;
  private readonly dir: string;

  constructor(name: string) {
    this.dir = join(projectRoot, 'test-artifacts', name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase());
    mkdirSync(this.dir, { recursive: true });
  }

  async take(page: Page, step: string): Promise<void> {
    this.count += 1;
    const file = `${String(this.count).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`;
    await page.screenshot({ path: join(this.dir, file), fullPage: true });
  }
}

/** A browser restart: persistent cookies survive, browser-session cookies (no expiry) do not. */
export async function restartContext(browser: Browser, context: BrowserContext): Promise<BrowserContext> {
  const state = await context.storageState();
  await context.close();
  return browser.newContext({ storageState: { ...state, cookies: state.cookies.filter((cookie) => cookie.expires !== -1) } });
}

/** Page 1 of the sign-in: the email (and 'Keep me signed in'), then Next. */
export async function enterEmail(page: Page, email: string, options: { remember?: boolean; shots?: Screenshots } = {}): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  if (options.remember) {
    await page.getByLabel('Keep me signed in').check();
  }
  await options.shots?.take(page, 'email-page');
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Page 2 of the sign-in: the password, then Sign in. */
export async function enterPassword(page: Page, password: string, options: { shots?: Screenshots } = {}): Promise<void> {
  await page.getByLabel('Password').fill(password);
  await options.shots?.take(page, 'password-page');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
