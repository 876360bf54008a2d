// Authentication context classes this provider asserts (the `acr` claim), weakest first.

export const ACR = {
  /** One factor: a password (or, later, one federated sign-in). */
  singleFactor: 'urn:gotoassist:loa:1fa',
} as const;

export const SUPPORTED_ACR_VALUES = [ACR.singleFactor];
