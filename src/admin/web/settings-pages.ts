// The Account settings section: the sign-in policy, domains (with their TXT records), and the identity
// provider (saved, tested, removed).
import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { CONNECTION_AUTH_METHODS, SESSION_MAX_HOURS_LIMIT } from '../../organizations/organization.js';
import type { SamlTestReport } from '../../federation/saml/test-report.js';
import type { Connection } from '../../organizations/organization.js';
import type { ConnectionTest } from '../../organizations/settings-admin.js';
import type { SamlBroker } from '../../federation/saml/saml-broker.js';
import type { SsoFlows } from '../../federation/sso-flows.js';
import type { AdminServices } from '../admin-services.js';
import type { AdminPrincipal } from './admin-guard.js';
import { renderAdminPage } from './admin-views.js';
import { connectionIdOf, connectionSource } from '../../federation/enterprise/connection-provider.js';
import { serviceProvider } from '../../federation/saml/service-provider.js';
import { brandingForm, connectionForm, domainForm, formProblem, samlConnectionForm, settingsForm } from './forms.js';
import { attempt } from './page-errors.js';

const NOTICES: Record<string, string> = {
  saved: 'Settings saved.', 'domain-added': 'Domain added: publish its TXT record, then verify it.', 'domain-verified': 'Domain verified.',
  'domain-removed': 'Domain removed.', 'connection-saved': 'Identity provider saved. Test it before you rely on it.',
  'connection-removed': 'Identity provider removed.', 'branding-saved': 'The look of the sign-in pages was saved.',
};

const AUTH_LABELS: Record<string, string> = {
  client_secret_basic: 'Client secret (HTTP Basic)', client_secret_post: 'Client secret (in the request body)',
  private_key_jwt: 'Signed JWT (private_key_jwt, no secret)',
};

interface SettingsExtras {
  readonly generalError?: string;
  readonly domainError?: string;
  readonly connectionError?: string;
  readonly samlError?: string;
  readonly brandingError?: string;
  readonly samlTest?: SamlTestReport;
  readonly test?: ConnectionTest;
  readonly status?: number;
}

export function createSettingsPages(deps: {
  services: AdminServices; renderer: Renderer; issuer: string;
  /** For the SAML test sign-in: the flow it starts, and the organization's connection. */
  federation: { readonly flows: SsoFlows; readonly saml: SamlBroker };
  connectionOf: (organizationId: string) => Promise<Connection | undefined>;
}) {
  const { settings, domains } = deps.services;

  const show = async (ctx: Context, principal: AdminPrincipal, extras: SettingsExtras = {}) => {
    const { organization, connection } = await settings.get(principal.context);
    const proofs = await domains.list(principal.context);
    const impact = await settings.ssoOnlyImpact(principal.context);
    const loginVerification = organization.loginVerification === null ? 'default' : organization.loginVerification ? 'on' : 'off';
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'settings', template: 'settings', title: 'Account settings', status: extras.status,
      model: {
        ...extras, notice: NOTICES[String(ctx.query['done'])],
        name: organization.name, ssoOnly: organization.ssoOnly,
        brandDisplayName: organization.branding.displayName ?? '', brandColor: organization.branding.color ?? '', requireMfa: organization.requireMfa,
        requirePasskey: organization.requirePasskey, waiveMfaForSso: organization.waiveMfaForSso,
        jitProvisioning: organization.jitProvisioning, sessionMaxHours: organization.sessionMaxHours ?? '', sessionLimit: SESSION_MAX_HOURS_LIMIT,
        loginVerificationOptions: [
          { value: 'default', label: "This server's default" }, { value: 'on', label: 'On' }, { value: 'off', label: 'Off' },
        ].map((option) => ({ ...option, selected: option.value === loginVerification })),
        domains: proofs.map((proof) => ({
          ...proof, verifyAction: `/admin/settings/domains/${proof.domain}/verify`, removeAction: `/admin/settings/domains/${proof.domain}/remove`,
        })),
        callbackUrl: `${deps.issuer}/sso/callback`,
        samlMetadataUrl: serviceProvider(deps.issuer).metadataUrl, samlAcsUrl: serviceProvider(deps.issuer).acsUrl,
        impact: {
          companySignIn: impact.companySignIn,
          keepPassword: impact.keepPassword.map((member) => ({ email: member.email, url: `/admin/users/${member.accountId}` })),
          keepPasswordCount: impact.keepPassword.length,
          breakGlass: impact.breakGlass.map((member) => ({ email: member.email, url: `/admin/users/${member.accountId}`, twoStep: member.twoStepEnabled })),
          noBreakGlass: impact.breakGlass.length === 0,
        },
        connection: connection?.protocol === 'oidc' ? connection : undefined,
        samlConnection: connection?.protocol === 'saml' ? connection : undefined,
        hasConnection: connection !== undefined,
        authMethods: CONNECTION_AUTH_METHODS.map((value) => ({
          value, label: AUTH_LABELS[value], selected: value === (connection?.protocol === 'oidc' ? connection.authMethod : 'client_secret_basic'),
        })),
      },
    });
  };
  const done = (ctx: Context, notice: string, anchor: string) => {
    ctx.status = 303;
    ctx.redirect(`/admin/settings?done=${notice}#${anchor}`);
  };

  return {
    show: (ctx: Context, principal: AdminPrincipal) => show(ctx, principal),

    async save(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = settingsForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, principal, { generalError: formProblem(form.error), status: 400 });
      }
      const failure = await attempt(async () => {
        await settings.update(principal.context, form.data);
      });
      return failure ? show(ctx, principal, { generalError: failure.error, status: failure.status }) : done(ctx, 'saved', 'general');
    },

    async saveBranding(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = brandingForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, principal, { brandingError: formProblem(form.error), status: 400 });
      }
      const failure = await attempt(async () => {
        await settings.setBranding(principal.context, { displayName: form.data.displayName.trim(), color: form.data.color.trim() });
      });
      return failure ? show(ctx, principal, { brandingError: failure.error, status: failure.status }) : done(ctx, 'branding-saved', 'branding');
    },

    async addDomain(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = domainForm.safeParse(ctx.request.body);
      const failure = await attempt(async () => {
        await domains.add(principal.context, form.success ? form.data.domain : '');
      });
      return failure ? show(ctx, principal, { domainError: failure.error, status: failure.status }) : done(ctx, 'domain-added', 'domains');
    },

    async verifyDomain(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const failure = await attempt(async () => {
        await domains.verify(principal.context, String(ctx['params'].domain));
      });
      return failure ? show(ctx, principal, { domainError: failure.error, status: failure.status }) : done(ctx, 'domain-verified', 'domains');
    },

    async removeDomain(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const failure = await attempt(() => domains.remove(principal.context, String(ctx['params'].domain)));
      return failure ? show(ctx, principal, { domainError: failure.error, status: failure.status }) : done(ctx, 'domain-removed', 'domains');
    },

    async saveConnection(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = connectionForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, principal, { connectionError: formProblem(form.error), status: 400 });
      }
      // An empty secret field keeps the secret set before.
      const failure = await attempt(async () => {
        await settings.setConnection(principal.context, form.data);
      });
      return failure ? show(ctx, principal, { connectionError: failure.error, status: failure.status }) : done(ctx, 'connection-saved', 'identity-provider');
    },

    async saveSamlConnection(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = samlConnectionForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, principal, { samlError: formProblem(form.error), status: 400 });
      }
      const { metadataUrl, metadataXml, entityId, ssoUrl, certificate, claimEmail, claimName, idpInitiatedClientId } = form.data;
      const claims = { claimEmail, claimName, idpInitiatedClientId };
      const setup = metadataUrl ? { metadataUrl, ...claims } : metadataXml ? { metadataXml, ...claims }
        : entityId && ssoUrl && certificate ? { entityId, ssoUrl, certificate, ...claims } : undefined;
      if (!setup) {
        return show(ctx, principal, {
          samlError: "Give the identity provider's metadata URL, or its metadata, or its entity ID, sign-on URL and certificate.", status: 400,
        });
      }
      const failure = await attempt(async () => {
        await settings.setSamlConnection(principal.context, setup);
      });
      return failure ? show(ctx, principal, { samlError: failure.error, status: failure.status }) : done(ctx, 'connection-saved', 'identity-provider');
    },

    /** A real sign-in at the identity provider (in a new tab), reported instead of signing anyone in. */
    async startSamlTest(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const connection = await deps.connectionOf(principal.context.organizationId);
      if (connection?.protocol !== 'saml' || !principal.context.actor.id) {
        return show(ctx, principal, { samlError: 'Your organization has no SAML identity provider to test.', status: 409 });
      }
      const flow = await deps.federation.flows.start({ interactionUid: 'saml-test', source: connectionSource(connection), testBy: principal.context.actor.id });
      ctx.status = 303;
      ctx.redirect(await deps.federation.saml.authorizationUrl(connection, flow.state));
    },

    /** Where the test sign-in comes back: its report, for the administrator who started it. */
    async samlTestReport(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const held = await deps.federation.flows.takeReport(String(ctx.query['state'] ?? '').slice(0, 128));
      const mine = held && held.flow.testBy === principal.context.actor.id
        && (await deps.connectionOf(principal.context.organizationId))?.id === connectionIdOf(held.flow.source);
      if (!mine) {
        return show(ctx, principal, { samlError: 'This test sign-in was not started here, or its report was seen already. Start the test again.', status: 400 });
      }
      // An empty name, not none: Mustache would look a missing one up in the page around it (the organization's).
      const { report } = held;
      return show(ctx, principal, { samlTest: { ...report, identity: report.identity && { ...report.identity, name: report.identity.name ?? '' } } });
    },

    async testConnection(ctx: Context, principal: AdminPrincipal): Promise<void> {
      let test: ConnectionTest | undefined;
      const failure = await attempt(async () => {
        test = await settings.testConnection(principal.context);
      });
      return show(ctx, principal, failure ? { connectionError: failure.error, status: failure.status } : { test });
    },

    async removeConnection(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const failure = await attempt(() => settings.removeConnection(principal.context));
      return failure ? show(ctx, principal, { connectionError: failure.error, status: failure.status }) : done(ctx, 'connection-removed', 'identity-provider');
    },
  };
}

export type SettingsPages = ReturnType<typeof createSettingsPages>;
