// SAML 2.0 Web Browser SSO, service provider side, with @node-saml/node-saml (XML signatures by xml-crypto,
// never by hand): the AuthnRequest (HTTP-Redirect) for a connection, and the check of the identity
// provider's response (HTTP-POST to our Assertion Consumer Service).
//
// What the response must pass: a valid signature on the response or the assertion, by one of the
// connection's certificates (only the signed element is read); the connection's entity ID as Issuer; our
// entity ID as Audience; NotBefore/NotOnOrAfter within the skew; InResponseTo naming a request we sent
// (kept in the state store, so any instance can take the answer; an unsolicited response is refused,
// unless the connection takes IdP-initiated sign-ins: then it must name no request at all); and an
// assertion ID never seen before.
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';

import type { SamlKeyPair } from '../../config/saml-keys.js';
import type { SamlConnection } from '../../organizations/organization.js';
import type { StateStore } from '../../storage/state/state-store.js';
import { FederationError, type FederationFailure } from '../federation-errors.js';
import { readIdentity, type UpstreamIdentity } from '../upstream-identity.js';
import { authnContextClassRef, readResponse, type SamlTestReport } from './test-report.js';
import { child, children } from './xml-nodes.js';
import { EMAIL_ATTRIBUTES, GIVEN_NAME_ATTRIBUTES, NAME_ATTRIBUTES, serviceProvider, SURNAME_ATTRIBUTES } from './service-provider.js';

const REQUEST_MINUTES = 10;
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const TRANSIENT_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export interface SamlBroker {
  /** Where to send the browser: the identity provider's SSO service with our AuthnRequest (signed when we have a key). */
  authorizationUrl(connection: SamlConnection, relayState: string): Promise<string>;
  /**
   * The identity in a posted response, or a FederationError saying what was wrong with it. `unsolicited`:
   * an IdP-initiated sign-in, which answers no request (one with an InResponseTo is refused).
   */
  identityOf(connection: SamlConnection, form: { SAMLResponse: string; RelayState?: string | undefined }, options?: { unsolicited?: boolean }): Promise<UpstreamIdentity>;
  /** Our metadata, for the identity provider's administrator. */
  metadataXml(): string;
  /** The administrator's test sign-in: the response checked as for a sign-in, and reported part by part. */
  inspect(connection: SamlConnection, form: { SAMLResponse: string }, inDomain: (email: string) => boolean): Promise<SamlTestReport>;
}

/** `keys`: our key pair, when the operator gave one: AuthnRequests are then signed, and encrypted assertions read. */
export function createSamlBroker(deps: { issuer: string; store: StateStore; clockSkewSeconds: number; keys?: SamlKeyPair | undefined }): SamlBroker {
  const keyOptions = deps.keys ? { privateKey: deps.keys.privateKey, decryptionPvk: deps.keys.privateKey, publicCert: deps.keys.certificate } : {};
  const sp = serviceProvider(deps.issuer);
  // node-saml keeps the ids of the requests it sent here, and checks InResponseTo against them.
  const requests: CacheProvider = {
    async saveAsync(key, value) {
      const createdAt = Date.now();
      await deps.store.set(`saml:request:${key}`, value, REQUEST_MINUTES * 60);
      return { value, createdAt };
    },
    async getAsync(key) {
      return /^[A-Za-z0-9_-]{1,128}$/.test(key) ? (await deps.store.get(`saml:request:${key}`)) ?? null : null;
    },
    // node-saml forgets a request id after any response naming it, a refused one too: then a response
    // could not be checked again (with certificates just read from fresh metadata). The id is forgotten
    // here once a response was taken (identityOf); replays are refused by RelayState and the assertion id.
    removeAsync: async (key) => key,
  };
  const samlFor = (connection: SamlConnection, unsolicited = false) => new SAML({
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: connection.ssoUrl,
    idpIssuer: connection.issuer,
    idpCert: connection.certificates.map(pem),
    // The response, the assertion, or both: at least one signed by the identity provider (node-saml refuses
    // a response with neither).
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    validateInResponseTo: unsolicited ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_MINUTES * 60 * 1000,
    cacheProvider: requests,
    acceptedClockSkewMs: deps.clockSkewSeconds * 1000,
    // No NameIDPolicy format and no requested context: the identity provider answers with its defaults.
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    ...keyOptions,
  });

  let metadata: string | undefined;
  const broker: SamlBroker = {
    authorizationUrl: (connection, relayState) => samlFor(connection).getAuthorizeUrlAsync(relayState, undefined, {}),

    async identityOf(connection, form, options = {}) {
      const unsolicited = options.unsolicited === true;
      let profile: Profile | null;
      try {
        ({ profile } = await samlFor(connection, unsolicited).validatePostResponseAsync({ SAMLResponse: form.SAMLResponse, ...(form.RelayState ? { RelayState: form.RelayState } : {}) }));
      } catch (error) {
        throw new FederationError(failureOf(error), 'the SAML response was refused', { cause: error, detail: plainReason(error) });
      }
      if (!profile) {
        throw new FederationError('invalid_response', 'the SAML response holds no assertion');
      }
      if (typeof profile['inResponseTo'] === 'string' || (unsolicited && answersRequest(profile))) {
        if (unsolicited) {
          // It answers a request of ours: that sign-in's RelayState must come with it.
          throw new FederationError('saml_unsolicited', 'a SAML response to a request was posted without its RelayState');
        }
        await deps.store.delete(`saml:request:${profile['inResponseTo']}`);
      }
      const assertionId = assertionIdOf(profile);
      if (!assertionId || !(await deps.store.setIfAbsent(`saml:assertion:${connection.id}:${assertionId}`, '1', 24 * 60 * 60))) {
        throw new FederationError('replayed', 'the SAML assertion was used before');
      }
      const identity = identityFromProfile(profile, connection.claims);
      if (!identity) {
        throw new FederationError('missing_claims', 'the SAML assertion names nobody');
      }
      return { ...identity, multiFactor: MULTI_FACTOR_CONTEXTS.has(authnContextOf(profile) ?? '') };
    },

    async inspect(connection, form, inDomain) {
      const seen = await readResponse(form.SAMLResponse);
      try {
        const identity = await broker.identityOf(connection, form);
        return { ok: true, problem: undefined, seen, identity: { ...identity, inDomain: identity.email !== undefined && inDomain(identity.email) } };
      } catch (error) {
        const problem = error instanceof FederationError ? error.userMessage ?? error.message : 'The response could not be checked.';
        return { ok: false, problem, seen, identity: undefined };
      }
    },

    // The same for every request: made once, at the first.
    metadataXml: () => (metadata ??= new SAML({ issuer: sp.entityId, callbackUrl: sp.acsUrl, idpCert: 'unused', identifierFormat: null, ...keyOptions })
      .generateServiceProviderMetadata(deps.keys?.certificate ?? null, deps.keys?.certificate ?? null)),
  };
  return broker;
}

/** The email, the name and a stable subject: the NameID, unless it is transient (then the email). */
export function identityFromProfile(profile: Profile, mapping: { email: string; name: string }): UpstreamIdentity | undefined {
  const read = (names: readonly string[]) => {
    for (const name of names) {
      const value = profile[name];
      const first = Array.isArray(value) ? value.find((item) => typeof item === 'string') : value;
      if (typeof first === 'string' && first.trim()) {
        return first.trim();
      }
    }
    return undefined;
  };
  const email = read([mapping.email, ...EMAIL_ATTRIBUTES]) ?? (profile.nameIDFormat === EMAIL_FORMAT ? profile.nameID : undefined);
  const given = read(GIVEN_NAME_ATTRIBUTES);
  const surname = read(SURNAME_ATTRIBUTES);
  const name = read([mapping.name, ...NAME_ATTRIBUTES]) ?? ([given, surname].filter(Boolean).join(' ') || undefined);
  const subject = profile.nameIDFormat === TRANSIENT_FORMAT || !profile.nameID ? email?.toLowerCase() : profile.nameID;
  return readIdentity({ sub: subject, email, name }, { sub: 'sub', email: 'email', name: 'name' });
}

/** AuthnContextClassRefs that say the user signed in with more than one factor. */
export const MULTI_FACTOR_CONTEXTS: ReadonlySet<string> = new Set([
  'https://refeds.org/profile/mfa',
  'http://schemas.microsoft.com/claims/multipleauthn',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken',
]);

function authnContextOf(profile: Profile): string | undefined {
  return authnContextClassRef((profile.getAssertion?.() as { Assertion?: unknown } | undefined)?.Assertion);
}

/**
 * Whether the signed assertion says it answers a request (its SubjectConfirmationData's InResponseTo):
 * the response's own InResponseTo, outside a signed assertion, may have been taken off.
 */
function answersRequest(profile: Profile): boolean {
  const assertion = (profile.getAssertion?.() as { Assertion?: unknown } | undefined)?.Assertion;
  return children(child(assertion, 'Subject'), 'SubjectConfirmation')
    .some((confirmation) => child(confirmation, 'SubjectConfirmationData')?.$?.['InResponseTo'] !== undefined);
}

function assertionIdOf(profile: Profile): string | undefined {
  const assertion = profile.getAssertion?.() as { Assertion?: { $?: { ID?: unknown } } } | undefined;
  const id = assertion?.Assertion?.$?.ID;
  return typeof id === 'string' && id.length > 0 && id.length <= 256 ? id : undefined;
}

const pem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function failureOf(error: unknown): FederationFailure {
  const text = message(error);
  if (error instanceof Error && error.name === 'SamlStatusError' || text.startsWith('Bad status code')) return 'denied';
  if (/signature|Cannot obtain assertion/i.test(text)) return 'saml_signature';
  if (/audience|AudienceRestriction/i.test(text)) return 'saml_audience';
  // A subject confirmation is valid only between its NotBefore and NotOnOrAfter.
  if (/expired|not yet valid|No valid subject confirmation/i.test(text)) return 'saml_expired';
  if (/InResponseTo/i.test(text)) return 'saml_unsolicited';
  if (/issuer/i.test(text)) return 'saml_issuer';
  return 'invalid_response';
}

/** What the administrator (and the user, passing it on) reads on the error page. */
function plainReason(error: unknown): string {
  const text = message(error);
  switch (failureOf(error)) {
    case 'saml_signature': return 'The response is not signed by a certificate this connection trusts (the certificate may have changed, or the response was altered).';
    case 'saml_audience': return 'The response is meant for another service provider: its Audience is not our entity ID.';
    case 'saml_expired': return /not yet valid/.test(text) ? 'The response is not valid yet: the clocks of the two servers disagree.'
      : 'The response has expired, or the clocks of the two servers disagree.';
    case 'saml_unsolicited': return 'The response does not answer a sign-in started here (unsolicited, or its request expired).';
    case 'saml_issuer': return "The response comes from another identity provider than this connection's entity ID.";
    case 'denied': return 'The identity provider did not sign you in.';
    default: return 'The response could not be read as a SAML 2.0 response.';
  }
}
