// Our SAML service provider's key pair, from two PEM files the operator makes (openssl; see the README):
// it signs our AuthnRequests and decrypts encrypted assertions, and its certificate goes into our metadata.
// Both or neither; read and checked once, at start-up.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { SettingProblem } from './config-error.js';

export interface SamlKeyPair {
  /** PEM. */
  readonly privateKey: string;
  /** PEM. */
  readonly certificate: string;
}

const read = (file: string, setting: string, problems: SettingProblem[]): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    problems.push({ setting, problem: `cannot read ${file}` });
    return undefined;
  }
};

export function samlKeyPair(keyFile: string | undefined, certificateFile: string | undefined, problems: SettingProblem[]): SamlKeyPair | undefined {
  if (keyFile === undefined && certificateFile === undefined) {
    return undefined;
  }
  if (keyFile === undefined || certificateFile === undefined) {
    problems.push({ setting: keyFile === undefined ? 'SAML_SP_KEY_FILE' : 'SAML_SP_CERTIFICATE_FILE', problem: 'is needed with the other one (or set neither)' });
    return undefined;
  }
  const privateKey = read(keyFile, 'SAML_SP_KEY_FILE', problems);
  const certificate = read(certificateFile, 'SAML_SP_CERTIFICATE_FILE', problems);
  if (privateKey === undefined || certificate === undefined) {
    return undefined;
  }
  let key;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    problems.push({ setting: 'SAML_SP_KEY_FILE', problem: 'is not a PEM private key (unencrypted)' });
    return undefined;
  }
  if (key.asymmetricKeyType !== 'rsa') {
    problems.push({ setting: 'SAML_SP_KEY_FILE', problem: 'must be an RSA key (what SAML identity providers take for signatures and encryption)' });
    return undefined;
  }
  let parsed;
  try {
    parsed = new X509Certificate(certificate);
  } catch {
    problems.push({ setting: 'SAML_SP_CERTIFICATE_FILE', problem: 'is not a PEM certificate' });
    return undefined;
  }
  if (!parsed.checkPrivateKey(key)) {
    problems.push({ setting: 'SAML_SP_CERTIFICATE_FILE', problem: 'is not the certificate of the key in SAML_SP_KEY_FILE' });
    return undefined;
  }
  return { privateKey, certificate };
}
