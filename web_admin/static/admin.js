// Small enhancements; every page works without them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Ask before a destructive form is sent.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // A message not yet final: reload until it is, so its timeline fills in by itself.
  const pending = document.querySelector("[data-refresh]");
  if (pending) {
    const seconds = Number(pending.dataset.refresh) || 2;
    window.setTimeout(() => window.location.reload(), seconds * 1000);
  }

  // Roles and rights: choosing a role ticks its rights; ticking a right makes the role custom.
  const role = document.querySelector('select[name="role"]');
  if (role) {
    const boxes = [...document.querySelectorAll('input[name="rights"]')];
    role.addEventListener("change", () => {
      if (role.value === "custom") return;
      const preset = new Set((role.selectedOptions[0].dataset.rights || "").split(" "));
      for (const box of boxes) box.checked = preset.has(box.value);
    });
    for (const box of boxes) box.addEventListener("change", () => { role.value = "custom"; });
  }

  // Something still running (an import): its fragment is fetched again until it says it has
  // finished. Without the script the page has a Refresh link.
  for (const box of document.querySelectorAll("[data-poll]")) {
    const poll = async () => {
      try {
        const response = await fetch(box.dataset.poll, { redirect: "manual" });
        // Signed out or forgotten by a restart: the Refresh link says the rest.
        if (!response.ok || response.type !== "basic") return;
        box.innerHTML = await response.text();
      } catch (_) {
        // Offline for a moment: try again on the next tick.
      }
      if (!box.querySelector("[data-finished]")) window.setTimeout(poll, 500);
    };
    if (!box.querySelector("[data-finished]")) window.setTimeout(poll, 500);
  }

  // Forms with a live preview (send test, templates): the form is posted to its
  // data-preview URL while typing, and the answer shown in its #preview.
  for (const form of document.querySelectorAll("form[data-preview]")) {
    const preview = form.querySelector("#preview");
    if (!preview) continue;
    let timer = 0;
    let asked = 0; // answers can come back out of order: only the latest request's is shown
    const refresh = async () => {
      const body = new URLSearchParams(new FormData(form));
      const mine = ++asked;
      try {
        // A dead session answers with a redirect to the sign-in page: never follow it into
        // the form. The fragment itself is rendered and escaped by the server's template.
        const response = await fetch(form.dataset.preview, { method: "POST", body, redirect: "manual" });
        if (!response.ok || response.type !== "basic") return;
        const html = await response.text();
        if (mine === asked) preview.innerHTML = html;
      } catch (_) {
        // Offline or signed out: the Preview button still works.
      }
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 250);
    };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }
});
