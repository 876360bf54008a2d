import type { KoaContextWithOIDC } from 'oidc-provider';

/** The pages oidc-provider renders itself, drawn by the request-facing side with our templates. */
export interface ProviderPages {
  error(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string | undefined }): void;
  /** `form` is oidc-provider's hidden logout form (id op.logoutForm) to embed. */
  logout(ctx: KoaContextWithOIDC, form: string): void;
  loggedOut(ctx: KoaContextWithOIDC): void;
}
