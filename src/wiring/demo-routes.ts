// Part of the composition root: the demo GoToAssist app, when it is on.
import { join } from 'node:path';

import type Router from '@koa/router';
import type { Middleware } from 'koa';

import { epochSeconds } from '../core/clock.js';
import { projectRoot } from '../core/project-root.js';
import { createDemoHandler, type DemoSession } from '../demo/demo-handler.js';
import { demoRoutes } from '../demo/demo-routes.js';
import { parseForm } from '../http/middleware/parse-form.js';
import { themeStylesheets } from '../http/middleware/static-assets.js';
import { createRenderer } from '../http/render/renderer.js';
import { createAppSessions } from '../relying-party/app-sessions.js';
import { createRelyingParty } from '../relying-party/relying-party.js';
import { PRODUCT_NAME, type Services } from './services.js';

const DAY = 24 * 3600;

export function demoAppRoutes(services: Services, forms: readonly Middleware[]): Router[] {
  const { config } = services;
  const client = config.clients.demo;
  if (!client) {
    return [];
  }
  const issuer = config.http.issuer;
  return [demoRoutes(createDemoHandler({
    rp: createRelyingParty({
      issuer, clientId: client.clientId, clientSecret: client.secret, basePath: '/demo', scope: 'openid email profile roles',
      postLogoutRedirectUri: `${issuer}/demo/`, defaultReturn: '/demo/', store: services.storage.store,
    }),
    sessions: createAppSessions<DemoSession>({
      name: 'demo', path: '/demo', idleSeconds: DAY, maxSeconds: 7 * DAY, store: services.storage.store, now: () => epochSeconds(services.clock),
    }),
    renderer: createRenderer({
      templatesDir: join(projectRoot, 'interactions', 'templates', 'demo'), productName: PRODUCT_NAME, stylesheets: themeStylesheets(services.config.theme),
    }),
    now: () => epochSeconds(services.clock),
  }), forms, parseForm())];
}
