export const ActivationMessages = {
  mismatch: 'The two passwords are not the same.',
  expired: 'This invitation link has expired: invitations work for 7 days. Ask your administrator to send a new one, '
    + 'or use "Forgot password?" with your email address to get a new activation link.',
  used: 'This invitation was already used, or a newer one was sent since. If your account is active, sign in with your email '
    + 'address and password; if you have forgotten the password, use "Forgot password?".',
  unknown: 'This invitation link is not valid. Check that you copied all of it, or ask your administrator for a new invitation.',
} as const;
