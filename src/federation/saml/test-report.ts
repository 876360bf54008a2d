// 'Test sign-in' in the Admin Center: what the identity provider's response said, part by part, and why
// it would be refused, in plain words. What is shown of a refused response is read from it as it came,
// unchecked, and marked so: it helps an administrator see what is wrong (the audience another entity ID,
// the times off, the attribute named otherwise), never to sign anyone in.
import { parseStringPromise, processors } from 'xml2js';

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

type Node = { $?: Record<string, string>; _?: string } & Record<string, unknown>;
const all = (node: unknown, name: string): Node[] => {
  const value = (node as Node | undefined)?.[name];
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? { _: item } : item as Node)) : [];
};
const one = (node: unknown, name: string) => all(node, name)[0];
const text = (node: Node | undefined) => (typeof node?._ === 'string' ? node._.trim() : undefined);

/** The parts of a response an administrator asks about; undefined when it is not XML at all. */
export async function readResponse(samlResponse: string): Promise<SamlSeen | undefined> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await parseStringPromise(Buffer.from(samlResponse, 'base64').toString('utf8'), { tagNameProcessors: [processors.stripPrefix] }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const response = parsed['Response'] as Node | undefined;
  if (!response) {
    return undefined;
  }
  const assertion = one(response, 'Assertion');
  const subject = one(assertion, 'Subject');
  const nameId = one(subject, 'NameID');
  const conditions = one(assertion, 'Conditions');
  return {
    issuer: text(one(response, 'Issuer')) ?? text(one(assertion, 'Issuer')),
    destination: response.$?.['Destination'],
    inResponseTo: response.$?.['InResponseTo'],
    audiences: all(conditions, 'AudienceRestriction').flatMap((restriction) => all(restriction, 'Audience')).map(text).filter((value): value is string => !!value),
    nameId: text(nameId),
    nameIdFormat: nameId?.$?.['Format'],
    notBefore: conditions?.$?.['NotBefore'],
    notOnOrAfter: conditions?.$?.['NotOnOrAfter'],
    authnContext: text(one(one(one(assertion, 'AuthnStatement'), 'AuthnContext'), 'AuthnContextClassRef')),
    encrypted: all(response, 'EncryptedAssertion').length > 0,
    attributes: all(one(assertion, 'AttributeStatement'), 'Attribute').map((attribute) => ({
      name: attribute.$?.['Name'] ?? '',
      values: all(attribute, 'AttributeValue').map(text).filter((value): value is string => value !== undefined),
    })),
  };
}
