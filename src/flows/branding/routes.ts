// An organization's logo and colour, for the pages that show its look. Served with the type its bytes were
// checked to have, never sniffed, and a policy that lets nothing run; cached for good (the URL changes
// with them).
import Router from '@koa/router';
import type { Context } from 'koa';

import { BRAND_COLOR } from '../../organizations/branding.js';
import type { Organizations } from '../../organizations/organizations.js';

const FOREVER = 'public, max-age=31536000, immutable';

export function brandingRoutes(organizations: Pick<Organizations, 'get' | 'logo'>): Router {
  const router = new Router();
  const notFound = (ctx: Context) => {
    ctx.status = 404;
    ctx.type = 'text/plain';
    ctx.body = 'not found';
  };
  const organizationOf = async (id: string) => {
    try {
      return await organizations.get(id);
    } catch {
      return undefined;
    }
  };
  router.get('/branding/:id/logo', async (ctx) => {
    const logo = await organizations.logo(ctx.params['id'] ?? '');
    if (!logo) {
      return notFound(ctx);
    }
    ctx.set('Content-Type', logo.type);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('Cache-Control', FOREVER);
    ctx.set('ETag', `"${logo.hash.slice(0, 32)}"`);
    ctx.body = Buffer.from(logo.bytes);
  });
  router.get('/branding/:id/theme.css', async (ctx) => {
    const color = (await organizationOf(ctx.params['id'] ?? ''))?.branding.color;
    // Checked when it was set; checked again here, as it goes into a stylesheet.
    if (!color || !BRAND_COLOR.test(color)) {
      return notFound(ctx);
    }
    ctx.set('Content-Type', 'text/css; charset=utf-8');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', FOREVER);
    // Checked readable on white (WCAG AA): as the buttons' background under white text, and as links.
    ctx.body = `:root { --accent: ${color}; }\n`;
  });
  return router;
}
