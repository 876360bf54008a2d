// The sign-in's pages as people with different needs meet them, in Chromium, in English and German:
// axe-core finds no violation on any of them (WCAG 2.x A and AA, and axe's best practices); none scrolls
// sideways at 390 px (a phone; also what 200% zoom leaves of a 780 px window); and a person with a
// keyboard alone signs in, two-step verification included, without a mouse.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { totpCode } from '../../src/mfa/totp.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';
import { TestClock } from '../helpers/test-clock.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

const clock = new TestClock();
/** One reader per language: a reset email to the same address waits a minute before another. */
const plain = (language: string) => ({ email: `plain.reader.${language}@example.com`, password: 'read by a screen reader', name: 'Plain Reader' });
const twoStep = { email: 'keyboard.only@example.com', password: 'typed without a mouse', name: 'Keyboard Only' };
let secret: string;
let app: TestApp;
let rp: DemoRp;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp({ clock });
  await app.services.accounts.create(plain('en'));
  await app.services.accounts.create(plain('de'));
  const account = await app.services.accounts.create(twoStep);
  ({ secret } = await app.services.twoStep.enrolment(account));
  await app.services.twoStep.confirm(account, await totpCode(secret, clock.now()));
  rp = await startDemoRpFor(app);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await app?.close();
});

/** axe-core's violations on the page as it is now (the page's CSP is bypassed only to let axe in). */
async function violations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string }[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
    const results = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return { violations: results.violations, passed: results.passes.length };
  });
  // A run that checked nothing would pass anything.
  expect(found.passed).toBeGreaterThan(10);
  return found.violations.map((violation) => ({
    id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => JSON.stringify(node.target)).join(' '),
  }));
}

/** Fails on any violation, and on a page wider than the 390 px phone it is shown on. */
async function check(page: Page, name: string, shots: Screenshots, language: string): Promise<void> {
  await page.waitForLoadState('load');
  expect({ page: name, lang: await page.getAttribute('html', 'lang') }).toEqual({ page: name, lang: language });
  expect({ page: name, violations: await violations(page) }).toEqual({ page: name, violations: [] });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  await shots.take(page, `${name}-390px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function newContext(language: string): Promise<BrowserContext> {
  return browser.newContext({ locale: language, bypassCSP: true, viewport: { width: 1280, height: 800 } });
}

const texts = {
  en: { next: 'Next', signIn: 'Sign in', forgot: 'Forgot password?', reset: 'Reset Password', email: 'Email address', password: 'Password' },
  de: { next: 'Weiter', signIn: 'Anmelden', forgot: 'Passwort vergessen?', reset: 'Passwort zurücksetzen', email: 'E-Mail-Adresse', password: 'Passwort' },
} as const;

describe.each(['en', 'de'] as const)('in %s', (language) => {
  const words = texts[language];

  test('every page of the password sign-in and its recovery has no axe violation and fits a phone', async () => {
    const shots = new Screenshots(`accessibility-${language}`);
    const context = await newContext(language);
    const page = await context.newPage();
    await page.goto(`${rp.url}/login`);
    await page.getByLabel(words.email).waitFor();
    await check(page, 'email', shots, language);
    await page.getByLabel(words.email).fill(plain(language).email);
    await page.getByRole('button', { name: words.next }).click();
    await page.getByLabel(words.password, { exact: true }).waitFor();
    await check(page, 'password', shots, language);
    await page.getByLabel(words.password, { exact: true }).fill('not the password');
    await page.getByRole('button', { name: words.signIn, exact: true }).click();
    await page.locator('#password-error').waitFor();
    await check(page, 'password-refused', shots, language);
    await page.getByRole('link', { name: words.forgot }).click();
    await page.getByRole('button', { name: words.reset }).waitFor();
    await check(page, 'forgot-password', shots, language);
    await page.getByRole('button', { name: words.reset }).click();
    await page.waitForURL(/\/password\/forgot\/sent/);
    await check(page, 'check-your-email', shots, language);
    for (const path of ['/help/sign-in', '/help/join-session']) {
      await page.goto(`${app.issuer}${path}`);
      await check(page, path.slice(1).replace('/', '-'), shots, language === 'de' ? 'en' : language);
    }
    await context.close();
  });

  test('the keyboard alone signs in, through two-step verification, with no axe violation on the way', async () => {
    const shots = new Screenshots(`keyboard-${language}`);
    const context = await newContext(language);
    const page = await context.newPage();
    await page.goto(`${rp.url}/login`);
    await page.getByLabel(words.email).waitFor();
    // The email field has the focus when the page opens; Enter submits each form.
    await page.keyboard.type(twoStep.email);
    await page.keyboard.press('Enter');
    await page.getByLabel(words.password, { exact: true }).waitFor();
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('password');
    await page.keyboard.type(twoStep.password);
    await page.keyboard.press('Enter');
    await page.locator('#code').waitFor();
    await check(page, 'two-step', shots, language);
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('code');
    clock.advance(30_000);
    await page.keyboard.type(await totpCode(secret, clock.now()));
    // To the button by Tab, as a keyboard user goes, and press it with the space bar.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>("document.activeElement.getAttribute('type')")).toBe('submit');
    await page.keyboard.press('Space');
    await page.waitForURL(`${rp.url}/callback**`);
    await shots.take(page, 'signed-in');
    expect(await page.textContent('#user')).toBe(twoStep.email);
    await context.close();
  });
});
