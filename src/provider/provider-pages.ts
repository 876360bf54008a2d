import type { KoaContextWithOIDC } from 'oidc-provider';

import type { DevicePages } from '../flows/device/device-pages.js';
import type { SigningOutPage } from './frontchannel-logout.js';

/** The pages oidc-provider renders itself, drawn by the request-facing side with our templates. */
export interface ProviderPages {
  error(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string | undefined }): void;
  /** `form` is oidc-provider's hidden logout form (id op.logoutForm) to embed. */
  logout(ctx: KoaContextWithOIDC, form: string): void;
  loggedOut(ctx: KoaContextWithOIDC): void;
  /** After a sign-out: the applications' front-channel logout pages load, then the browser goes on. */
  readonly signingOut: SigningOutPage;
  /** The device authorization grant's pages at /device. */
  readonly device: DevicePages;
}
