// Sends the form named by this script's data-form at once: a step the user already asked for (signing
// out from one of our own applications). Without JavaScript the page shows the form's button instead.
(() => {
  const id = document.currentScript && document.currentScript.dataset.form;
  const form = id && document.getElementById(id);
  if (form) {
    form.submit();
  }
})();
