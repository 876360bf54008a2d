import type { FederationFailure } from '../../federation/federation-errors.js';
import type { EnterpriseProblem } from '../../federation/enterprise/link-enterprise-account.js';

export const SsoMessages: Record<FederationFailure | EnterpriseProblem | 'no_connection' | 'suspended', string> = {
  unreachable: "We could not reach your company's sign-in service. It may be down for a moment: try again.",
  denied: "Your company's sign-in did not let you in.",
  state_mismatch: 'This sign-in did not start in this browser, so it cannot finish here. Start again.',
  replayed: 'This sign-in was already completed, or took too long. Start again.',
  invalid_id_token: "Your company's sign-in answered with something we cannot trust. Start again; if it happens again, tell your administrator.",
  invalid_response: "Your company's sign-in answered with something we cannot use. Start again; if it happens again, tell your administrator.",
  saml_signature: "Your company's sign-in answered with a response we cannot trust. Tell your administrator.",
  saml_audience: "Your company's sign-in answered for another service. Tell your administrator.",
  saml_expired: "Your company's sign-in answer has expired. Start again; if it happens again, tell your administrator.",
  saml_unsolicited: 'This sign-in did not start here, or took too long. Start again.',
  saml_issuer: "The answer came from another identity provider than your company's. Tell your administrator.",
  missing_claims: "Your company's sign-in did not say who you are (no subject or email). Tell your administrator.",
  email_missing: "Your company's sign-in did not give a verified email address. Tell your administrator.",
  domain_not_claimed: "The email your company's sign-in gave is not in a domain of your organization, so it cannot sign you in here.",
  no_account: 'There is no account for you yet. Ask your administrator to invite you.',
  other_organization: 'Your account belongs to another organization. Ask your administrator.',
  no_connection: 'Your organization has no company sign-in set up. Ask your administrator.',
  suspended: 'Your account is suspended. Ask your administrator to reactivate it.',
};
