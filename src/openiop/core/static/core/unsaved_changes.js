// Unsaved changes: forms marked data-unsaved-warning keep data-unsaved="true" from the first keystroke until
// the server confirms the draft (the HTMX autosave answers with the header X-Draft-Status: saved). Leaving the
// page while any such form has changes the server has not confirmed asks first. A static file, no inline
// script or handler, so it runs under a Content-Security-Policy without 'unsafe-inline'.
(function () {
  const forms = Array.from(document.querySelectorAll("form[data-unsaved-warning]"));
  if (!forms.length) return;
  const edits = new Map();
  const sent = new Map();
  let submitting = null;

  forms.forEach(function (form) {
    edits.set(form, 0);
    form.dataset.unsaved = "false";
    function edited() {
      edits.set(form, edits.get(form) + 1);
      form.dataset.unsaved = "true";
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
  });

  function formOf(event) {
    const elt = event.detail && event.detail.elt;
    return elt && forms.indexOf(elt) !== -1 ? elt : null;
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const form = formOf(event);
    if (form) sent.set(event.detail.xhr, edits.get(form));
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const form = formOf(event);
    if (!form) return;
    const xhr = event.detail.xhr;
    const saved = xhr && xhr.getResponseHeader("X-Draft-Status") === "saved";
    // Typing after the request left means there is more to save: stay unsaved until the next answer.
    if (saved && sent.get(xhr) === edits.get(form)) form.dataset.unsaved = "false";
    sent.delete(xhr);
  });

  // A form submitted the ordinary way (no HTMX) carries its own changes: it does not count as unsaved.
  document.addEventListener(
    "submit",
    function (event) {
      submitting = event.target;
      setTimeout(function () { submitting = null; }, 0);
    },
    true
  );

  window.addEventListener("beforeunload", function (event) {
    const unsaved = forms.some(function (form) {
      return form.dataset.unsaved === "true" && form !== submitting;
    });
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
