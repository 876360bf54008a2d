// The operator's theme (THEME_CSS_FILE): every page loads it after the product's stylesheet and before an
// organization's colour, so that custom properties set there change the installation's look with no
// rebuild; it is served from here, as CSS, versioned by its digest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'theme-test-'));
const THEME = ':root { --accent: #7a1f5c; --page: #faf7f2; }\n';
let app: TestApp;

beforeAll(async () => {
  writeFileSync(join(dir, 'theme.css'), THEME);
  app = await createTestApp({ env: { THEME_CSS_FILE: join(dir, 'theme.css') } });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const stylesheets = async (path: string) => {
  const { page } = await new TestBrowser().navigate(`${app.issuer}${path}`);
  return page.document.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute('href')!);
};

test('pages of each layout (help, forgot password, the sign-in page the Admin Center sends to, the demo app) load it after the product\'s stylesheet', async () => {
  for (const path of ['/help/sign-in', '/password/forgot', '/admin/users', '/demo/']) {
    const links = await stylesheets(path);
    expect(links[0]).toBe('/static/styles.css');
    expect(links[1]).toMatch(/^\/static\/theme\.css\?v=[0-9a-f]{16}$/);
  }
  const served = await fetch(`${app.issuer}${(await stylesheets('/help/sign-in'))[1]}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toMatch(/^text\/css/);
  expect(await served.text()).toBe(THEME);
});
