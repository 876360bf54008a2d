// An identity provider's SAML metadata (an md:EntityDescriptor), read for what a connection needs: its
// entity ID, its single sign-on service for the HTTP-Redirect binding, and its signing certificates.
// Metadata comes from the organization's administrator (a file or a URL they give): every part is checked.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { parseStringPromise, processors } from 'xml2js';

import { AppError } from '../../core/app-error.js';
import { children, textOf, type XmlNode } from './xml-nodes.js';

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const MAX_METADATA_BYTES = 1024 * 1024;

export interface IdpMetadata {
  readonly entityId: string;
  readonly ssoUrl: string;
  /** Base64 DER, without PEM armour or white space. */
  readonly certificates: readonly string[];
}

export class MetadataError extends AppError {
  constructor(message: string) {
    super('invalid_saml_metadata', message, { status: 400, userMessage: message });
  }
}

/** The metadata at an http(s):// URL, fetched by `fetcher` (the outbound client fitting who gave the URL). */
export async function fetchIdpMetadata(url: string, fetcher: (url: string, init?: RequestInit) => Promise<Response>): Promise<IdpMetadata> {
  const parsed = URL.parse(url);
  if (!parsed || !(parsed.protocol === 'https:' || parsed.protocol === 'http:')) {
    throw new MetadataError(`${url} is not an http:// or https:// URL`);
  }
  let response: Response;
  try {
    response = await fetcher(url, { headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } });
  } catch (error) {
    throw new MetadataError(`the metadata could not be fetched from ${url} (${error instanceof Error ? error.message : 'no answer'})`);
  }
  if (!response.ok) {
    throw new MetadataError(`the metadata could not be fetched from ${url} (HTTP ${response.status})`);
  }
  return parseIdpMetadata(await response.text());
}

/** The operator's way (the CLI): a URL, or a file on this machine. */
export async function loadIdpMetadata(source: string, fetcher: (url: string, init?: RequestInit) => Promise<Response>): Promise<IdpMetadata & { metadataUrl: string | undefined }> {
  if (/^https?:\/\//i.test(source)) {
    return { ...(await fetchIdpMetadata(source, fetcher)), metadataUrl: source };
  }
  let xml: string;
  try {
    xml = await readFile(source, 'utf8');
  } catch {
    throw new MetadataError(`the metadata file ${source} cannot be read`);
  }
  return { ...(await parseIdpMetadata(xml)), metadataUrl: undefined };
}

export async function parseIdpMetadata(xml: string): Promise<IdpMetadata> {
  if (xml.length > MAX_METADATA_BYTES) {
    throw new MetadataError('the metadata is larger than 1 MiB');
  }
  let parsed: Record<string, XmlNode>;
  try {
    // sax underneath: no DTD, no external entities.
    parsed = await parseStringPromise(xml, { tagNameProcessors: [processors.stripPrefix], explicitArray: true, explicitRoot: true }) as Record<string, XmlNode>;
  } catch (error) {
    throw new MetadataError(`the metadata is not well-formed XML (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'})`);
  }
  const entities = parsed?.['EntityDescriptor'] ? [parsed['EntityDescriptor']] : children(parsed?.['EntitiesDescriptor'], 'EntityDescriptor');
  const entity = entities.find((candidate) => children(candidate, 'IDPSSODescriptor').length > 0);
  const idp = children(entity, 'IDPSSODescriptor')[0];
  if (!entity || !idp) {
    throw new MetadataError('the metadata has no identity provider (md:EntityDescriptor with an md:IDPSSODescriptor)');
  }
  const entityId = entity.$?.['entityID']?.trim();
  if (!entityId || entityId.length > 1024) {
    throw new MetadataError('the metadata has no entityID');
  }
  const ssoUrl = children(idp, 'SingleSignOnService').find((service) => service.$?.['Binding'] === REDIRECT_BINDING)?.$?.['Location']?.trim();
  if (!ssoUrl) {
    throw new MetadataError('the identity provider has no single sign-on service for the HTTP-Redirect binding');
  }
  const certificates = children(idp, 'KeyDescriptor')
    .filter((key) => (key.$?.['use'] ?? 'signing') === 'signing')
    .flatMap((key) => children(key, 'KeyInfo').flatMap((info) => children(info, 'X509Data')).flatMap((data) => children(data, 'X509Certificate')))
    .map((element) => (textOf(element) ?? '').replace(/\s+/g, ''));
  if (certificates.length === 0) {
    throw new MetadataError('the identity provider has no signing certificate (md:KeyDescriptor with ds:X509Certificate)');
  }
  return { entityId, ssoUrl, certificates: [...new Set(certificates.map(checkCertificate))] };
}

/** A certificate as base64 DER (PEM armour and white space taken off), or a MetadataError saying why not. */
export function checkCertificate(input: string): string {
  const body = input.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new MetadataError('a signing certificate is not base64');
  }
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw new MetadataError('a signing certificate is not an X.509 certificate');
  }
  return body;
}
