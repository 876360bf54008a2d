// The pages' language picker: GET /language?lang=de&return=/path keeps the choice in the language cookie
// and goes back to the page. A plain GET (no script, no form token): all it can change is the language
// pages speak to this browser. The way back must be a path on this server, never another site.
import Router from '@koa/router';
import { z } from 'zod';

import { rememberLanguage } from '../../i18n/language-cookie.js';
import { isLanguage } from '../../i18n/languages.js';
import { parseQuery } from '../../http/input/parse-query.js';

/** A path of this server: one slash, then no second slash or backslash (those would name another host). */
const LOCAL_PATH = /^\/(?![/\\])[\x21-\x7e]*$/;

const languageQuery = z.object({
  lang: z.string().refine(isLanguage),
  return: z.string().max(2048).regex(LOCAL_PATH).optional(),
});

export function languageRoutes(): Router {
  const router = new Router();
  router.get('/language', (ctx) => {
    const query = parseQuery(languageQuery, ctx);
    rememberLanguage(ctx, query.lang);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 303;
    ctx.redirect(query.return ?? '/');
  });
  return router;
}
