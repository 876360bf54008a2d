// Organizations from the command line (the Admin Center gives administrators the same in a browser).
import { readFile } from 'node:fs/promises';

import { loadIdpMetadata } from '../../federation/saml/idp-metadata.js';
import { serviceProvider } from '../../federation/saml/service-provider.js';
import { invalidOrganizationInput } from '../../organizations/organization-errors.js';
import { defineCommand, UsageError } from '../cli-context.js';
import { onOff, parseOptions, parseWithPositionals, required } from '../parse-options.js';

export const orgCreate = defineCommand({
  usage: 'org:create --name N --domain example.com [--domain ...]',
  summary: 'create an organization (a company account) that claims these email domains',
  parse(args) {
    const options = parseOptions(args, { name: { type: 'string' }, domain: { type: 'string', multiple: true, default: [] } });
    return { name: required(options.name, 'name'), domains: options.domain };
  },
  async run({ name, domains }, context) {
    const organization = await context.organizations.create(name, domains);
    context.out(`created organization ${organization.id} (${organization.name}) claiming ${organization.domains.map((d) => d.domain).join(', ') || 'no domain'}`);
  },
});

/** How the audit log names what the operator did from the shell. */
const OPERATOR = { id: undefined, email: 'CLI (operator)' };

export const orgDomain = defineCommand({
  usage: 'org:domain --org ID --domain D [--verify]',
  summary: 'claim an email domain and print the DNS TXT record that proves it; --verify: vouch for it without DNS (audit-logged)',
  parse(args) {
    const options = parseOptions(args, { org: { type: 'string' }, domain: { type: 'string' }, verify: { type: 'boolean', default: false } });
    return { org: required(options.org, 'org'), domain: required(options.domain, 'domain'), verify: options.verify };
  },
  async run({ org, domain, verify }, context) {
    const organization = await context.organizations.get(org);
    const admin = { organizationId: organization.id, actor: OPERATOR, request: {} };
    const claimed = organization.domains.find((candidate) => candidate.domain === domain.trim().toLowerCase());
    const proof = verify
      ? await context.domains.vouch(admin, domain)
      : (claimed ? (await context.domains.list(admin)).find((candidate) => candidate.domain === claimed.domain)! : await context.domains.add(admin, domain));
    if (proof.verified) {
      context.out(`${organization.name}: ${proof.domain} is verified${verify ? ' (vouched for by the operator; in the audit log)' : ''}`);
    } else {
      context.out(`${organization.name}: ${proof.domain} is claimed, not proven yet. Publish this DNS TXT record, then select Verify in the Admin Center:`);
      context.out(`  ${proof.recordName}  TXT  "${proof.recordValue}"`);
    }
  },
});

export const orgConnection = defineCommand({
  usage: 'org:connection --org ID --issuer URL --client-id ID [--client-secret S] [--auth-method client_secret_basic|client_secret_post|private_key_jwt] '
    + '[--scope S ...] [--claim-sub C] [--claim-email C] [--claim-name C]\n'
    + '  | org:connection --org ID --saml-metadata URL_OR_FILE [--saml-claim-email ATTR] [--saml-claim-name ATTR] [--saml-idp-initiated-client CLIENT_ID]',
  summary: "set the organization's company identity provider (OpenID Connect, or SAML 2.0 from its metadata)",
  parse(args) {
    const options = parseOptions(args, {
      org: { type: 'string' }, issuer: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
      'auth-method': { type: 'string' }, scope: { type: 'string', multiple: true },
      'claim-sub': { type: 'string' }, 'claim-email': { type: 'string' }, 'claim-name': { type: 'string' },
      'saml-metadata': { type: 'string' }, 'saml-claim-email': { type: 'string' }, 'saml-claim-name': { type: 'string' },
      'saml-idp-initiated-client': { type: 'string' },
    });
    const org = required(options.org, 'org');
    const samlMetadata = options['saml-metadata'];
    if (samlMetadata !== undefined) {
      if (options.issuer !== undefined || options['client-id'] !== undefined) {
        throw new UsageError('--saml-metadata sets a SAML connection: --issuer and --client-id are for OpenID Connect');
      }
      return {
        org, input: undefined,
        saml: {
          source: required(samlMetadata, 'saml-metadata'), claims: { email: options['saml-claim-email'], name: options['saml-claim-name'] },
          idpInitiatedClientId: options['saml-idp-initiated-client'],
        },
      };
    }
    if (options['saml-idp-initiated-client'] !== undefined) {
      throw new UsageError('--saml-idp-initiated-client goes with --saml-metadata');
    }
    return {
      org,
      saml: undefined,
      input: {
        issuer: required(options.issuer, 'issuer'),
        clientId: required(options['client-id'], 'client-id'),
        clientSecret: options['client-secret'],
        authMethod: options['auth-method'],
        scopes: options.scope,
        claims: { sub: options['claim-sub'], email: options['claim-email'], name: options['claim-name'] },
      },
    };
  },
  async run(parsed, context) {
    if (parsed.saml) {
      const metadata = await loadIdpMetadata(parsed.saml.source, (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }));
      const connection = await context.organizations.setSamlConnection(parsed.org, {
        ...metadata, claims: parsed.saml.claims, idpInitiatedClientId: parsed.saml.idpInitiatedClientId,
      });
      const sp = serviceProvider(context.issuer);
      context.out(`connection ${connection.id}: SAML 2.0 identity provider ${connection.issuer} (${connection.certificates.length} signing certificate${connection.certificates.length === 1 ? '' : 's'})`);
      if (connection.idpInitiatedClientId) {
        context.out(`IdP-initiated sign-in: on, on to the client ${connection.idpInitiatedClientId}`);
      }
      context.out(`entity ID ${sp.entityId}, Assertion Consumer Service ${sp.acsUrl} (HTTP-POST); our metadata, for the identity provider:`);
      context.out(sp.metadataUrl);
      return;
    }
    const { org, input } = parsed;
    if (!input) {
      return;
    }
    const claims = Object.fromEntries(Object.entries(input.claims).filter(([, value]) => value !== undefined));
    const { connection, publicJwk } = await context.organizations.setConnection(org, { ...input, claims });
    if (connection.protocol !== 'oidc') {
      throw new Error('an OpenID Connect connection was saved as another kind');
    }
    context.out(`connection ${connection.id}: ${connection.issuer} as ${connection.clientId} (${connection.authMethod})`);
    context.out(`redirect URI to register at the provider: ${context.issuer}/sso/callback`);
    if (publicJwk) {
      context.out(`public key for private_key_jwt: ${context.issuer}/sso/connections/${connection.id}/jwks`);
    }
  },
});

export const orgEnforceSso = defineCommand({
  usage: 'org:enforce-sso --org ID on|off',
  summary: "'Enterprise SSO only': members sign in through the company provider, never with a password",
  parse(args) {
    const parsed = parseWithPositionals(args, { org: { type: 'string' } }, 1);
    return { org: required(parsed.values.org, 'org'), on: onOff(parsed.positionals[0], 'the setting') };
  },
  async run({ org, on }, context) {
    const organization = await context.organizations.update(org, { ssoOnly: on });
    context.out(`${organization.name}: Enterprise SSO only is ${on ? 'on' : 'off'}`);
  },
});

export const orgMember = defineCommand({
  usage: 'org:member --org ID --email E [--admin]',
  summary: 'make an existing account a member (or administrator) of the organization',
  parse(args) {
    const options = parseOptions(args, { org: { type: 'string' }, email: { type: 'string' }, admin: { type: 'boolean', default: false } });
    return { org: required(options.org, 'org'), email: required(options.email, 'email'), admin: options.admin };
  },
  async run({ org, email, admin }, context) {
    await context.organizations.addMember(org, email, admin);
    context.out(`${email} is ${admin ? 'an administrator' : 'a member'} of ${org}`);
  },
});

export const orgSettings = defineCommand({
  usage: 'org:settings --org ID [--jit on|off] [--waive-mfa-for-sso on|off] [--require-mfa on|off] [--require-passkey on|off]',
  summary: 'just-in-time members from the company sign-in; skip two-step verification after it; require it, or a passkey, for all',
  parse(args) {
    const options = parseOptions(args, {
      org: { type: 'string' }, jit: { type: 'string' }, 'waive-mfa-for-sso': { type: 'string' }, 'require-mfa': { type: 'string' },
      'require-passkey': { type: 'string' },
    });
    return {
      org: required(options.org, 'org'),
      ...(options.jit === undefined ? {} : { jitProvisioning: onOff(options.jit, '--jit') }),
      ...(options['waive-mfa-for-sso'] === undefined ? {} : { waiveMfaForSso: onOff(options['waive-mfa-for-sso'], '--waive-mfa-for-sso') }),
      ...(options['require-mfa'] === undefined ? {} : { requireMfa: onOff(options['require-mfa'], '--require-mfa') }),
      ...(options['require-passkey'] === undefined ? {} : { requirePasskey: onOff(options['require-passkey'], '--require-passkey') }),
    };
  },
  async run({ org, ...settings }, context) {
    const organization = await context.organizations.update(org, settings);
    context.out(`${organization.name}: just-in-time members ${organization.jitProvisioning ? 'on' : 'off'}, `
      + `two-step verification ${organization.requireMfa ? 'required for all' : 'as each user chooses'}, `
      + `after company sign-in ${organization.waiveMfaForSso ? 'waived' : 'not waived'}, `
      + `passkey ${organization.requirePasskey ? 'required for all' : 'as each user chooses'}`);
  },
});

export const orgBranding = defineCommand({
  usage: "org:branding --org ID [--logo FILE] [--color '#RRGGBB'] [--display-name N] [--clear]",
  summary: 'the look of the sign-in pages for this organization: its logo (PNG, JPEG or WebP), a primary colour readable on white, its name; --clear: the default look',
  parse(args) {
    const options = parseOptions(args, {
      org: { type: 'string' }, logo: { type: 'string' }, color: { type: 'string' }, 'display-name': { type: 'string' }, clear: { type: 'boolean', default: false },
    });
    const org = required(options.org, 'org');
    if (!options.clear && options.logo === undefined && options.color === undefined && options['display-name'] === undefined) {
      throw new UsageError('give --logo, --color, --display-name or --clear');
    }
    return { org, logoFile: options.logo, color: options.color, displayName: options['display-name'], clear: options.clear };
  },
  async run({ org, logoFile, color, displayName, clear }, context) {
    let logo: Uint8Array | undefined;
    if (logoFile !== undefined) {
      try {
        logo = await readFile(logoFile);
      } catch (error) {
        throw invalidOrganizationInput(`the logo ${logoFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const organization = await context.organizations.setBranding(org, {
      ...(clear ? { displayName: null, color: null, logo: null } : {}),
      ...(displayName !== undefined ? { displayName } : {}), ...(color !== undefined ? { color } : {}), ...(logo ? { logo } : {}),
    });
    const { branding } = organization;
    context.out(`${organization.name}: shown as ${branding.displayName ?? organization.name}, colour ${branding.color ?? 'the default'}, `
      + `logo ${branding.logo ? `${branding.logo.type} ${branding.logo.hash.slice(0, 12)}` : 'the default'}`);
  },
});

// SCIM tokens: one for the identity provider (printed once), or --revoke: every token of the organization at
// once (a leaked one, or provisioning switched off).
export const orgScimToken = defineCommand({
  usage: 'org:scim-token --org ID [--label L] [--revoke]',
  summary: "make a SCIM token for the organization's identity provider (shown once); --revoke: revoke every one",
  parse(args) {
    const options = parseOptions(args, { org: { type: 'string' }, label: { type: 'string' }, revoke: { type: 'boolean', default: false } });
    return { org: required(options.org, 'org'), label: options.label ?? 'SCIM provisioning', revoke: options.revoke };
  },
  async run({ org, label, revoke }, context) {
    const organization = await context.organizations.get(org);
    const admin = { organizationId: organization.id, actor: OPERATOR, request: {} };
    if (revoke) {
      const count = await context.scimTokens.revoke(admin);
      context.out(`${organization.name}: revoked ${count} SCIM token(s)`);
      return;
    }
    const { secret } = await context.scimTokens.create(admin, label);
    context.out(`${organization.name}: SCIM base URL ${context.issuer}/scim/v2`);
    context.out(`token (shown once): ${secret}`);
  },
});
