// Automatic logoff on the client too: once the server-side idle limit has passed, reload so the
// server ends the session and no patient data stays on an unattended screen.
(function () {
  const body = document.body;
  const seconds = parseInt(body.dataset.idleTimeout || "0", 10);
  if (!seconds) return;
  let timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.reload(); }, (seconds + 2) * 1000);
  }
  document.addEventListener("htmx:afterRequest", arm);
  arm();
})();
// Move focus to an error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", function () {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
// A button that prints the page (the sign-in sheet): no inline handlers, the Content-Security-Policy forbids them.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
