export const SettingsMessages = {
  wrongCurrent: 'Your current password is not right.',
  mismatch: 'The two new passwords are not the same.',
  done: {
    password: 'Your password has been changed.',
    device: 'The device was removed. It will be asked to verify its next sign-in.',
    devices: 'All devices were removed. Each will be asked to verify its next sign-in.',
    activated: 'Your account is active. Welcome!',
  },
  signInCancelled: 'Sign-in was cancelled, so My account cannot open.',
} as const;
