// Every email the service sends, with the view model its templates receive.

export interface MailModels {
  'forgot-password': { readonly name: string; readonly resetUrl: string; readonly minutes: number };
  'activation': {
    readonly name: string; readonly inviter: string; readonly activationUrl: string; readonly days: number;
    /** The organization that gave access, when the account belongs to one. */
    readonly organization?: string;
  };
  'verify-login': {
    readonly name: string; readonly verifyUrl: string; readonly code: string; readonly minutes: number;
    readonly browser: string; readonly platform: string; readonly ip: string;
  };
  'sign-in-blocked': { readonly name: string; readonly minutes: number; readonly ip: string; readonly resetUrl: string };
  'password-changed': { readonly name: string; readonly signedOutEverywhere: boolean; readonly resetUrl: string };
  'passkey-changed': { readonly name: string; readonly added: boolean; readonly passkeyName: string; readonly resetUrl: string };
  'company-sign-in': { readonly name: string; readonly organization: string };
  'company-invitation': { readonly name: string; readonly inviter: string; readonly organization: string; readonly signInUrl: string };
}

export type MailTemplate = keyof MailModels;

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}
