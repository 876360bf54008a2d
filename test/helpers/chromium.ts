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
