import type { Profile } from '@node-saml/node-saml';

import { identityFromProfile } from './saml-broker.js';

const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const mapping = { email: 'email', name: 'displayName' };
const profile = (fields: Partial<Profile>): Profile => ({ issuer: 'https://idp.example.com', nameID: 'abc', nameIDFormat: PERSISTENT, ...fields });

test('a persistent NameID is the subject; the email and name come from the usual attributes', () => {
  expect(identityFromProfile(profile({ nameID: 'p-123', email: 'Ann@Example.com', displayName: 'Ann' }), mapping))
    .toEqual({ subject: 'p-123', email: 'ann@example.com', name: 'Ann' });
  expect(identityFromProfile(profile({ 'urn:oid:0.9.2342.19200300.100.1.3': ['ann@example.com', 'other@example.com'] as unknown as string, cn: 'Ann C' }), mapping))
    .toEqual({ subject: 'abc', email: 'ann@example.com', name: 'Ann C' });
  expect(identityFromProfile(profile({ mail: 'ann@example.com', givenName: 'Ann', sn: 'Lee' }), mapping)).toMatchObject({ name: 'Ann Lee' });
});

test('a transient NameID changes every time: the email stands in as the subject', () => {
  expect(identityFromProfile(profile({ nameID: '_e1f2', nameIDFormat: TRANSIENT, email: 'Ann@example.com' }), mapping))
    .toEqual({ subject: 'ann@example.com', email: 'ann@example.com', name: undefined });
  expect(identityFromProfile(profile({ nameID: '_e1f2', nameIDFormat: TRANSIENT }), mapping)).toBeUndefined();
});

test('an emailAddress NameID gives the email; a configured attribute goes first', () => {
  expect(identityFromProfile(profile({ nameID: 'ann@example.com', nameIDFormat: EMAIL }), mapping)).toMatchObject({ email: 'ann@example.com' });
  expect(identityFromProfile(profile({ upn: 'ann@corp.example.com', email: 'ann@example.com', fullName: 'Ann L' }), { email: 'upn', name: 'fullName' }))
    .toMatchObject({ email: 'ann@corp.example.com', name: 'Ann L' });
});

test('an attribute that is not an email gives none', () => {
  expect(identityFromProfile(profile({ email: 'not an email' }), mapping)).toMatchObject({ subject: 'abc', email: undefined });
});
