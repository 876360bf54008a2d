// Passkeys, with @simplewebauthn/browser (webauthn.js): adding one on My account (or when offered after a
// password sign-in), 'Sign in with a passkey' on the first sign-in page, and confirming with one when an
// application asks for it. The server gives the ceremony's options; the browser's answer goes
// back in the page's form, so the server answers with a page, as it does for every other form.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  // The password page: whether this browser can make a passkey here (a screen lock that verifies the user),
  // so that the sign-in may offer one.
  const capable = document.querySelector('input[data-passkey-capable]');
  if (capable && webauthn && webauthn.browserSupportsWebAuthn()) {
    window.PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()
      .then((available) => { capable.value = available ? 'yes' : ''; })
      .catch(() => {});
  }
  const form = document.querySelector('form[data-passkey]');
  if (!form || !webauthn) {
    return;
  }
  const status = form.querySelector('[data-passkey-status]');
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  if (!webauthn.browserSupportsWebAuthn()) {
    say('This browser cannot use passkeys.');
    return;
  }
  form.hidden = false;
  const registering = form.dataset.passkey === 'register';
  let busy = false;

  /** The ceremony's options from the server; undefined after sending the browser where it must go first. */
  const askOptions = async () => {
    const response = await fetch(form.dataset.optionsUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ _csrf: form.elements._csrf.value }),
    });
    const options = await response.json().catch(() => undefined);
    if (response.status === 401 && options && typeof options.location === 'string' && options.location.startsWith('/')) {
      window.location.assign(options.location);
      return undefined;
    }
    if (!response.ok || !options) {
      throw new Error('no options');
    }
    return options;
  };
  const send = (answer) => {
    form.elements.response.value = JSON.stringify(answer);
    const remember = document.getElementById('remember');
    if (!registering && form.elements.remember) {
      form.elements.remember.value = remember && remember.checked ? 'yes' : '';
    }
    form.submit();
  };
  let chosen = false;

  const ceremony = async () => {
    if (busy) {
      return;
    }
    if (registering && form.elements.name.value.trim() === '') {
      say('Give the passkey a name, so you can tell it apart later.');
      return;
    }
    busy = true;
    chosen = true;
    say('');
    let options;
    try {
      options = await askOptions();
    } catch {
      say('Passkeys are not available right now. Try again in a moment.');
      busy = false;
      return;
    }
    if (!options) {
      return;
    }
    try {
      // Starting a ceremony aborts a pending autofill request (the library does it).
      send(registering
        ? await webauthn.startRegistration({ optionsJSON: options })
        : await webauthn.startAuthentication({ optionsJSON: options }));
    } catch (error) {
      // Cancelled, timed out, or no passkey for this site on this device.
      say(form.dataset.failed || (registering
        ? 'No passkey was created. Try again when you are ready.'
        : 'No passkey was used. Try again, or sign in with your email address.'));
    } finally {
      busy = false;
    }
  };

  // Passkey autofill: the email field offers the passkeys of this site (autocomplete="username webauthn").
  // Its request waits quietly until one is chosen; a browser without a passkey here refuses it at once.
  const autofill = async () => {
    // Not right after a passkey was refused: the page says why, and the button is there to try again.
    if (registering || form.dataset.autofill !== 'on' || !webauthn.browserSupportsWebAuthnAutofill
      || !(await webauthn.browserSupportsWebAuthnAutofill())) {
      return;
    }
    try {
      const options = await askOptions();
      if (!options || chosen) {
        return;
      }
      send(await webauthn.startAuthentication({ optionsJSON: options, useBrowserAutofill: true }));
    } catch {
      // Nothing chosen, no passkey here, or the button's ceremony took over.
    }
  };
  void autofill();

  if (registering) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void ceremony();
    });
  } else {
    const start = form.querySelector('[data-passkey-start]');
    start.addEventListener('click', () => void ceremony());
  }
})();
