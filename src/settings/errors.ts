export const SettingsMessages = {
  wrongCurrent: 'Your current password is not right.',
  nameTooLong: 'A name has at most 100 characters.',
  unknownLanguage: 'Choose one of the languages in the list.',
  mismatch: 'The two new passwords are not the same.',
  done: {
    password: 'Your password has been changed.',
    device: 'The device was removed. It will be asked to verify its next sign-in.',
    devices: 'All devices were removed. Each will be asked to verify its next sign-in.',
    activated: 'Your account is active. Welcome!',
    'two-step-on': 'Two-step verification is on.',
    'two-step-off': 'Two-step verification is off.',
    connected: 'The account is connected: you can sign in with it now.',
    disconnected: 'The account is disconnected.',
    name: 'Your name has been saved.',
    language: 'Your language has been saved. The sign-in pages and emails will use it.',
    session: 'That session is signed out.',
    'passkey-added': 'Your passkey was added: next time, sign in with it instead of your password.',
    'passkey-removed': 'The passkey was removed. It can no longer sign in.',
  },
  signInCancelled: 'Sign-in was cancelled, so My account cannot open.',
} as const;

export const TwoStepMessages = {
  wrongCode: 'That code is not right. Enter the code your app shows now, for this account.',
  replayed: 'That code was already used. Wait for your app to show the next one.',
  cannotDisable: 'Your password and a current code (or a recovery code) are needed to turn two-step verification off.',
} as const;

export const ConnectionsMessages = {
  lastWay: 'This is the only way you can sign in: set a password or connect another account first.',
  notConnected: 'That provider is not connected to your account.',
  ssoOnly: 'Your organization requires you to sign in with your company account, so other accounts cannot be connected.',
} as const;

export const PasskeyMessages = {
  nameNeeded: 'Give the passkey a name (1 to 100 characters), so you can tell it apart later.',
  expired: 'That took too long, or the page was used twice. Try again.',
  notVerified: 'Your browser\'s passkey could not be checked. Try again, or use another device.',
  alreadyAdded: 'That passkey is already on your account.',
  notFound: 'That passkey is not on your account.',
} as const;
