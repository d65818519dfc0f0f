// The door's check-in page without page loads: the list follows the search box as one types,
// and "Arrived" / "Undo" post their form in the background. Both ask the server for the same
// page the plain forms would load (so the search is the server's, accent- and case-blind) and
// swap in its counts, list and message. Without this script the forms work as they are.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("#ci-q");
  if (!box || !document.querySelector("#ci-results")) return;
  let pending = null;
  let timer = 0;

  // Swaps in the parts of the page fetched; false when it is another page (the log-in form).
  const swap = (html, focusId) => {
    const fresh = new DOMParser().parseFromString(html, "text/html");
    if (!fresh.querySelector("#ci-results")) return false;
    for (const id of ["#ci-results", "#ci-counts"]) {
      const next = fresh.querySelector(id);
      if (next) document.querySelector(id).replaceWith(next);
    }
    const main = document.querySelector("main");
    for (const old of main.querySelectorAll(".flashes")) old.remove();
    const flashes = fresh.querySelector(".flashes");
    if (flashes) main.prepend(flashes);
    if (focusId) document.querySelector(`#${focusId} button`)?.focus();
    return true;
  };

  // A newer search makes an older one moot; a tap is never abandoned.
  const load = async (url, options = {}, focusId = null) => {
    if (pending) pending.abort();
    const controller = new AbortController();
    pending = options.method ? null : controller;
    try {
      const response = await fetch(url, { ...options, signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      if (!swap(await response.text(), focusId)) location.assign(response.url);
      return true;
    } catch (err) {
      if (err.name === "AbortError") return true;
      return false;
    }
  };

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const url = new URL(box.form.action, location.href);
      if (box.value.trim()) url.searchParams.set("q", box.value);
      history.replaceState(null, "", url);
      load(url);
    }, 250);
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.classList.contains("ci-form")) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button.disabled) return;  // one tap, one request
    button.disabled = true;
    const row = form.closest(".ci-row");
    const done = await load(form.action, { method: "POST", body: new FormData(form) }, row?.id);
    if (!done) form.submit();  // the network failed: try the plain way
  });
});
