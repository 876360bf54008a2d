// 'Verify your login': while the page waits, ask every few seconds whether the email's link was used
// (in any browser); once it was, send the Continue form, which finishes the sign-in here.
(() => {
  const form = document.getElementById('verify-continue');
  const statusUrl = form && form.dataset.statusUrl;
  if (!statusUrl) {
    return;
  }
  const EVERY_MS = 2000;
  const GIVE_UP_MS = 15 * 60 * 1000;
  const started = Date.now();
  let timer;
  let sent = false;
  const ask = async () => {
    clearTimeout(timer);
    if (sent || Date.now() - started > GIVE_UP_MS) {
      return;
    }
    try {
      const response = await fetch(statusUrl, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
      if (response.ok && (await response.json()).approved === true) {
        sent = true;
        form.submit();
        return;
      }
      if (!response.ok && response.status < 500) {
        return; // the sign-in ended; the page's links still work
      }
    } catch {
      // offline for a moment: ask again later
    }
    timer = setTimeout(ask, EVERY_MS);
  };
  // Background tabs run timers rarely: ask at once when the user comes back to this one.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      void ask();
    }
  });
  timer = setTimeout(ask, EVERY_MS);
})();
