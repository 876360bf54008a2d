// A small user agent for driving the sign-in pages over HTTP, as a browser without JavaScript would:
// cookies (tough-cookie), redirects, and HTML forms with their hidden fields.
import { parse, type HTMLElement } from 'node-html-parser';
import { CookieJar } from 'tough-cookie';

export interface Page {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly document: HTMLElement;
}

export interface NavigateOptions {
  /** Stop before following a redirect to a URL for which this is true (e.g. the client's redirect URI). */
  readonly stopAt?: (url: string) => boolean;
}

export interface Outcome {
  /** The last page reached. */
  readonly page: Page;
  /** When a redirect went to a stopAt URL: that URL. */
  readonly stoppedAt: string | undefined;
}

const MAX_REDIRECTS = 20;

export class TestBrowser {
  readonly jar = new CookieJar();

  /** `headers` go with every request (e.g. X-Forwarded-For, to play a browser on another network). */
  constructor(private readonly defaults: NavigateOptions & { headers?: Record<string, string> } = {}) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.defaults.headers, ...Object.fromEntries(new Headers(init.headers)) });
    const cookie = await this.jar.getCookieString(url);
    if (cookie) {
      headers.set('cookie', cookie);
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      await this.jar.setCookie(setCookie, url, { ignoreError: true });
    }
    return response;
  }

  /** Another browser holding this one's cookies now (a request sent twice, the first answer lost). */
  async copy(): Promise<TestBrowser> {
    const copy = new TestBrowser(this.defaults);
    for (const cookie of await this.jar.getCookies('http://127.0.0.1/', { allPaths: true })) {
      await copy.jar.setCookie(cookie, 'http://127.0.0.1/', { ignoreError: true });
    }
    return copy;
  }

  /** Holds this cookie for `url` now, as if an earlier visit had set it (e.g. a choice made on another page). */
  async setCookie(cookie: string, url: string): Promise<void> {
    await this.jar.setCookie(cookie, url);
  }

  /** Forgets these cookies, as if they had expired (e.g. the session, keeping the device cookie). */
  async dropCookies(url: string, names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.jar.setCookie(`${name}=; Max-Age=0`, url);
    }
  }

  async navigate(url: string, options: NavigateOptions = {}): Promise<Outcome> {
    return this.follow(await this.request(url), url, options);
  }

  /** Fills the form found by `selector` (hidden fields kept, `fields` set) and submits it. */
  async submit(page: Page, selector: string, fields: Record<string, string> = {}, options: NavigateOptions = {}): Promise<Outcome> {
    const form = page.document.querySelector(selector);
    if (!form) {
      throw new Error(`no form ${selector} on ${page.url}:\n${page.body}`);
    }
    const values = new URLSearchParams();
    for (const input of form.querySelectorAll('input')) {
      const name = input.getAttribute('name');
      const type = input.getAttribute('type');
      if (!name || name in fields || ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked'))) {
        continue;
      }
      values.append(name, input.getAttribute('value') ?? '');
    }
    for (const select of form.querySelectorAll('select')) {
      const name = select.getAttribute('name');
      const chosen = select.querySelector('option[selected]') ?? select.querySelector('option');
      if (name && !(name in fields) && chosen) {
        values.append(name, chosen.getAttribute('value') ?? chosen.text);
      }
    }
    for (const [name, value] of Object.entries(fields)) {
      values.append(name, value);
    }
    const action = new URL(form.getAttribute('action') ?? page.url, page.url).toString();
    if (form.getAttribute('method')?.toLowerCase() === 'get') {
      const target = new URL(action);
      target.search = values.toString();
      return this.navigate(target.toString(), options);
    }
    const response = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(page.url).origin },
      body: values.toString(),
    });
    return this.follow(response, action, options);
  }

  private async follow(first: Response, firstUrl: string, options: NavigateOptions): Promise<Outcome> {
    const stopAt = options.stopAt ?? this.defaults.stopAt;
    let response = first;
    let url = firstUrl;
    for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { page: await toPage(url, response), stoppedAt: undefined };
      }
      const next = new URL(location, url).toString();
      if (stopAt?.(next)) {
        return { page: await toPage(url, response), stoppedAt: next };
      }
      url = next;
      response = await this.request(url);
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${firstUrl}`);
  }
}

async function toPage(url: string, response: Response): Promise<Page> {
  const body = await response.text();
  return { url, status: response.status, headers: response.headers, body, document: parse(body) };
}
