import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeCertificate } from '../../../test/helpers/saml-idp.js';
import { checkCertificate, parseIdpMetadata } from './idp-metadata.js';

const dir = mkdtempSync(join(tmpdir(), 'idp-metadata-'));
const signing = makeCertificate(dir, 'signing');
const next = makeCertificate(dir, 'next');
const encryption = makeCertificate(dir, 'encryption');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wrapped = (base64: string) => `\n            ${base64.match(/.{1,64}/g)!.join('\n            ')}\n`;
const key = (use: string | undefined, base64: string) => `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data>
  <ds:X509Certificate>${wrapped(base64)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const idp = (inner: string, entityId = 'https://idp.example.com/saml') => `<md:EntityDescriptor entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</md:IDPSSODescriptor></md:EntityDescriptor>`;
const NS = 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
const redirect = '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>';
const post = '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso-post"/>';

test('reads the entity ID, the HTTP-Redirect sign-on service and the signing certificates (a rollover: both)', async () => {
  const xml = `<?xml version="1.0"?>${idp(`${key('signing', signing)}${key(undefined, next)}${key('encryption', encryption)}${post}${redirect}`)
    .replace('<md:EntityDescriptor ', `<md:EntityDescriptor ${NS} `)}`;
  await expect(parseIdpMetadata(xml)).resolves.toEqual({ entityId: 'https://idp.example.com/saml', ssoUrl: 'https://idp.example.com/sso', certificates: [signing, next] });
});

test('finds the identity provider among the entities of a federation\'s metadata', async () => {
  const xml = `<md:EntitiesDescriptor ${NS}><md:EntityDescriptor entityID="https://sp.example.com"><md:SPSSODescriptor/></md:EntityDescriptor>
    ${idp(`${key('signing', signing)}${redirect}`, 'https://idp.example.com/other')}</md:EntitiesDescriptor>`;
  await expect(parseIdpMetadata(xml)).resolves.toMatchObject({ entityId: 'https://idp.example.com/other' });
});

test('says what is missing', async () => {
  const withNs = (xml: string) => xml.replace('<md:EntityDescriptor ', `<md:EntityDescriptor ${NS} `);
  await expect(parseIdpMetadata(withNs(idp(`${key('signing', signing)}${post}`)))).rejects.toThrow(/no single sign-on service for the HTTP-Redirect binding/);
  await expect(parseIdpMetadata(withNs(idp(`${key('encryption', encryption)}${redirect}`)))).rejects.toThrow(/no signing certificate/);
  await expect(parseIdpMetadata(withNs(idp(`${key('signing', signing)}${redirect}`, '')))).rejects.toThrow(/no entityID/);
  await expect(parseIdpMetadata(withNs(idp(`${key('signing', 'bm90IGEgY2VydGlmaWNhdGU=')}${redirect}`)))).rejects.toThrow(/not an X.509 certificate/);
  await expect(parseIdpMetadata('<unclosed')).rejects.toThrow(/not well-formed XML/);
  await expect(parseIdpMetadata('x'.repeat(1024 * 1024 + 1))).rejects.toThrow(/larger than 1 MiB/);
});

test('a certificate is taken as PEM or bare base64, and anything else is refused', () => {
  expect(checkCertificate(`-----BEGIN CERTIFICATE-----${wrapped(signing)}-----END CERTIFICATE-----\n`)).toBe(signing);
  expect(checkCertificate(signing)).toBe(signing);
  expect(() => checkCertificate('<script>')).toThrow(/not base64/);
});
