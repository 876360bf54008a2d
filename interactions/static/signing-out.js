// Goes on once the applications' logout pages (the iframes) have loaded: the window's load event waits for
// them. One that does not answer holds nobody: after a few seconds the browser goes on anyway. Without
// JavaScript the meta refresh and the Continue link do the same.
(() => {
  const next = document.currentScript && document.currentScript.dataset.next;
  if (!next) {
    return;
  }
  const go = () => window.location.replace(next);
  if (document.readyState === 'complete') {
    go();
    return;
  }
  window.addEventListener('load', go);
  setTimeout(go, 4000);
})();
