// A WebAuthn authenticator in software (ES256, attestation 'none'), for tests that send a browser's answers
// over HTTP and bend them: another origin or RP ID, a counter that goes back, no user verification, an
// answer sent twice. The browser tests use Chromium's virtual authenticator instead.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

import { isoCBOR } from '@simplewebauthn/server/helpers';

import type { CeremonyOptionsJson as CeremonyOptions } from './passkey-pages.js';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;


export interface Bend {
  /** The origin the browser claims (default: the authenticator's). */
  readonly origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options'). */
  readonly rpId?: string;
  readonly userVerified?: boolean;
  /** The signature counter to report (default: one more than the last). */
  readonly counter?: number;
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private counter = 0;
  private userHandle: string | undefined;

  constructor(private readonly origin: string, private readonly defaultRpId: string) {}

  /** The answer to navigator.credentials.create with these options (PublicKeyCredentialCreationOptionsJSON). */
  create(options: CeremonyOptions, bend: Bend = {}) {
    this.userHandle = options.user?.id;
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([
      [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')],
    ]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.authenticatorData(bend.rpId ?? options.rpId ?? this.defaultRpId, AT | this.flags(bend), 0),
      Buffer.alloc(16), idLength, this.credentialId, cose,
    ]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    return {
      id: b64url(this.credentialId), rawId: b64url(this.credentialId), type: 'public-key' as const,
      response: { clientDataJSON: this.clientData('webauthn.create', options.challenge, bend), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {}, authenticatorAttachment: 'platform',
    };
  }

  /** The answer to navigator.credentials.get with these options (PublicKeyCredentialRequestOptionsJSON). */
  get(options: CeremonyOptions, bend: Bend = {}) {
    this.counter = bend.counter ?? this.counter + 1;
    const authData = this.authenticatorData(bend.rpId ?? options.rpId ?? this.defaultRpId, this.flags(bend), this.counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bend);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), this.keys.privateKey);
    return {
      id: b64url(this.credentialId), rawId: b64url(this.credentialId), type: 'public-key' as const,
      response: {
        clientDataJSON, authenticatorData: b64url(authData), signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {}, authenticatorAttachment: 'platform',
    };
  }

  private flags(bend: Bend): number {
    return UP | (bend.userVerified === false ? 0 : UV);
  }

  private authenticatorData(rpId: string, flags: number, counter: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, bend: Bend): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin: bend.origin ?? this.origin, crossOrigin: false })).toString('base64url');
  }
}
