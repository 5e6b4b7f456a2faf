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

  // The send-test form: encoding, parts and cost update while typing.
  const form = document.getElementById("send-form");
  const preview = document.getElementById("preview");
  if (form && preview) {
    let timer = 0;
    const refresh = async () => {
      const body = new URLSearchParams();
      body.set("csrf", form.elements.csrf.value);
      body.set("text", form.elements.text.value);
      body.set("provider", form.elements.provider.value);
      try {
        // A dead session answers with a redirect to the sign-in page: never follow it into
        // the form. The fragment itself is rendered and escaped by the server's template.
        const response = await fetch("/messages/preview", { method: "POST", body, redirect: "manual" });
        if (response.ok && response.type === "basic") preview.innerHTML = await response.text();
      } catch (_) {
        // Offline or signed out: the Preview button still works.
      }
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 250);
    };
    form.elements.text.addEventListener("input", schedule);
    form.elements.provider.addEventListener("change", schedule);
  }
});
