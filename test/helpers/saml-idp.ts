// A real, independent SAML 2.0 identity provider for tests: SimpleSAMLphp from Debian (package
// simplesamlphp, with php-cli and php-xml), served by PHP's built-in server on a loopback address of its
// own, with a configuration this helper writes: its own key and certificate (openssl), a few users
// (exampleauth:UserPass), and our service provider. Its sign-in page has the fields username and password;
// it answers with an auto-submitting form holding SAMLResponse and RelayState.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './free-port.js';
import { until } from './until.js';

export const SIMPLESAMLPHP_WWW = '/usr/share/simplesamlphp/www';

export interface SamlUser {
  readonly username: string;
  readonly password: string;
  /** SAML attributes, each with its values. */
  readonly attributes: Record<string, readonly string[]>;
}

export interface SamlIdp {
  readonly baseUrl: string;
  readonly entityId: string;
  readonly metadataUrl: string;
  readonly ssoUrl: string;
  /** Its signing certificate, base64 DER. */
  readonly certificate: string;
  /**
   * The service providers it trusts, and how (another NameID format; assertions valid for so many seconds; how users signed in):
   * written anew, read at its next request.
   */
  trust(...sps: {
    entityId: string; acsUrl: string; nameIdFormat?: string; assertionLifetime?: number; authnContextClassRef?: string; certificate?: string;
  }[]): void;
  close(): Promise<void>;
}

/** PHP's array syntax for a JSON-like value (strings, arrays, objects). */
function php(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) {
    return `[${value.map(php).join(', ')}]`;
  }
  if (value && typeof value === 'object') {
    return `[${Object.entries(value).map(([key, item]) => `${php(key)} => ${php(item)}`).join(', ')}]`;
  }
  throw new Error(`no PHP form for ${String(value)}`);
}

/** A new certificate and key (RSA 2048, 30 days) in `dir`: name.crt and name.key. */
export function makeCertificate(dir: string, name: string, subject = `/CN=${name}`): string {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`),
    '-days', '30', '-subj', subject], { stdio: 'ignore' });
  return readFileSync(join(dir, `${name}.crt`), 'utf8').replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

export async function startSamlIdp(options: { host?: string; users: readonly SamlUser[] }): Promise<SamlIdp> {
  const host = options.host ?? '127.0.0.4';
  const port = await freePort(host);
  const baseUrl = `http://${host}:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'simplesamlphp-'));
  for (const sub of ['config/metadata', 'cert', 'data', 'tmp', 'log', 'sessions']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  const certificate = makeCertificate(join(dir, 'cert'), 'idp');
  writeFileSync(join(dir, 'config', 'config.php'), `<?php
include '/etc/simplesamlphp/config.php';
$config = array_merge($config, ${php({
    baseurlpath: `${baseUrl}/`, certdir: `${dir}/cert/`, loggingdir: `${dir}/log/`, datadir: `${dir}/data/`, tempdir: `${dir}/tmp/`,
    metadatadir: `${dir}/config/metadata/`, 'logging.handler': 'file', secretsalt: `salt-${port}-${Date.now()}`, 'auth.adminpassword': `admin-${port}`,
    'enable.saml20-idp': true, 'module.enable': { exampleauth: true, core: true, saml: true }, 'session.cookie.secure': false,
    'session.cookie.samesite': 'Lax', 'session.phpsession.savepath': `${dir}/sessions`, 'store.type': 'phpsession', 'admin.checkforupdates': false,
  })});
`);
  const users = Object.fromEntries(options.users.map((user) => [`${user.username}:${user.password}`, user.attributes]));
  // The source's first entry is its class; the others are 'username:password' => attributes.
  writeFileSync(join(dir, 'config', 'authsources.php'), `<?php\n$config = ['users' => array_merge(['exampleauth:UserPass'], ${php(users)})];\n`);
  writeFileSync(join(dir, 'config', 'metadata', 'saml20-idp-hosted.php'),
    `<?php\n$metadata['__DYNAMIC:1__'] = ${php({ host: '__DEFAULT__', privatekey: 'idp.key', certificate: 'idp.crt', auth: 'users' })};\n`);
  const trust: SamlIdp['trust'] = (...sps) => {
    const entries = sps.map((sp) => `$metadata[${php(sp.entityId)}] = ${php({
      AssertionConsumerService: sp.acsUrl, NameIDFormat: sp.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      // The service provider's certificate: its AuthnRequests must be signed with it, and assertions are encrypted to it.
      ...(sp.certificate ? { certData: sp.certificate, 'validate.authnrequest': true, 'assertion.encryption': true } : {}),
    })}${sp.assertionLifetime === undefined ? '' : ` + ['assertion.lifetime' => ${Math.trunc(sp.assertionLifetime)}]`}${
      // How the user signed in, as the assertion's AuthnContextClassRef says (a filter sets it in the state).
      sp.authnContextClassRef === undefined ? '' : ` + ['authproc' => [90 => ['class' => 'core:PHP', 'code' => ${
        php(`$state['saml:AuthnContextClassRef'] = ${php(sp.authnContextClassRef)};`)}]]]`};`);
    writeFileSync(join(dir, 'config', 'metadata', 'saml20-sp-remote.php'), `<?php\n${entries.join('\n')}\n`);
  };
  writeFileSync(join(dir, 'config', 'metadata', 'saml20-sp-remote.php'), '<?php\n');

  // No opcode cache: it would serve a metadata file rewritten by trust() from its old compiled copy for a
  // couple of seconds (opcache.revalidate_freq).
  const child: ChildProcess = spawn('php', ['-d', 'opcache.enable=0', '-d', 'opcache.enable_cli=0', '-S', `${host}:${port}`, '-t', SIMPLESAMLPHP_WWW], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: join(dir, 'config') }, stdio: 'ignore',
  });
  const metadataUrl = `${baseUrl}/saml2/idp/metadata.php`;
  await until(async () => {
    try {
      return (await fetch(metadataUrl)).ok;
    } catch {
      return false;
    }
  }, 20_000);
  return {
    baseUrl, entityId: metadataUrl, metadataUrl, ssoUrl: `${baseUrl}/saml2/idp/SSOService.php`, certificate, trust,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
