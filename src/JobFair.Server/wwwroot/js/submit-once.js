// A form that must not be sent twice by an impatient double tap (投递简历 on a slow phone): after the
// first submit its buttons say they are busy and further submits are dropped until the answer has
// replaced the page (enhanced forms patch the page in place) or a while has passed. Without this
// script the use case still refuses the second delivery (already_applied): this only spares the tap.
export function start(form) {
  let sent = false;
  let timer = 0;

  function release() {
    sent = false;
    clearTimeout(timer);
    for (const button of form.querySelectorAll("button[type=submit]")) button.removeAttribute("aria-disabled");
  }

  function onSubmit(event) {
    if (event.target !== form) return;
    if (sent) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    sent = true;
    for (const button of form.querySelectorAll("button[type=submit]")) button.setAttribute("aria-disabled", "true");
    timer = setTimeout(release, 15000);
  }

  // Captured on the document: before blazor.web.js (listening on the document) takes an enhanced post over.
  document.addEventListener("submit", onSubmit, true);
  globalThis.Blazor?.addEventListener?.("enhancedload", release);
  return () => {
    document.removeEventListener("submit", onSubmit, true);
    globalThis.Blazor?.removeEventListener?.("enhancedload", release);
    clearTimeout(timer);
  };
}
