// 'Test sign-in' in the Admin Center: what the identity provider's response said, part by part, and why
// it would be refused, in plain words. What is shown of a refused response is read from it as it came,
// unchecked, and marked so: it helps an administrator see what is wrong (the audience another entity ID,
// the times off, the attribute named otherwise), never to sign anyone in.
import { parseStringPromise, processors } from 'xml2js';

import { child, children, textOf, type XmlNode } from './xml-nodes.js';

export interface SamlSeen {
  readonly issuer: string | undefined;
  readonly destination: string | undefined;
  readonly inResponseTo: string | undefined;
  readonly audiences: readonly string[];
  readonly nameId: string | undefined;
  readonly nameIdFormat: string | undefined;
  readonly notBefore: string | undefined;
  readonly notOnOrAfter: string | undefined;
  readonly authnContext: string | undefined;
  readonly encrypted: boolean;
  readonly attributes: readonly { readonly name: string; readonly values: readonly string[] }[];
}

export interface SamlTestReport {
  readonly ok: boolean;
  /** Why it would be refused, in plain words. */
  readonly problem: string | undefined;
  /** What the response said (checked when ok; as it came otherwise). */
  readonly seen: SamlSeen | undefined;
  /** Who would be signed in: the email, the name, and whether the email is in a proven domain of the organization. */
  readonly identity: { readonly subject: string; readonly email: string | undefined; readonly name: string | undefined; readonly inDomain: boolean } | undefined;
}

/** How the user signed in at the identity provider, as an assertion (parsed by xml2js) says. */
export function authnContextClassRef(assertion: unknown): string | undefined {
  return textOf(child(child(child(assertion, 'AuthnStatement'), 'AuthnContext'), 'AuthnContextClassRef'));
}

/** The parts of a response an administrator asks about; undefined when it is not XML at all. */
export async function readResponse(samlResponse: string): Promise<SamlSeen | undefined> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await parseStringPromise(Buffer.from(samlResponse, 'base64').toString('utf8'), { tagNameProcessors: [processors.stripPrefix] }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const response = parsed['Response'] as XmlNode | undefined;
  if (!response) {
    return undefined;
  }
  const assertion = child(response, 'Assertion');
  const subject = child(assertion, 'Subject');
  const nameId = child(subject, 'NameID');
  const conditions = child(assertion, 'Conditions');
  return {
    issuer: textOf(child(response, 'Issuer')) ?? textOf(child(assertion, 'Issuer')),
    destination: response.$?.['Destination'],
    inResponseTo: response.$?.['InResponseTo'],
    audiences: children(conditions, 'AudienceRestriction').flatMap((restriction) => children(restriction, 'Audience')).map(textOf).filter((value): value is string => !!value),
    nameId: textOf(nameId),
    nameIdFormat: nameId?.$?.['Format'],
    notBefore: conditions?.$?.['NotBefore'],
    notOnOrAfter: conditions?.$?.['NotOnOrAfter'],
    authnContext: authnContextClassRef(assertion),
    encrypted: children(response, 'EncryptedAssertion').length > 0,
    attributes: children(child(assertion, 'AttributeStatement'), 'Attribute').map((attribute) => ({
      name: attribute.$?.['Name'] ?? '',
      values: children(attribute, 'AttributeValue').map(textOf).filter((value): value is string => value !== undefined),
    })),
  };
}
