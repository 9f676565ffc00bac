// mseflow review station: shared helpers (CSRF header, reviewer name). No external code.
"use strict";
window.mseflow = (function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const nameInput = document.getElementById("reviewer-name");
  const KEY = "mseflow-reviewer";
  if (nameInput) {
    nameInput.value = localStorage.getItem(KEY) || "";
    nameInput.addEventListener("change", () => localStorage.setItem(KEY, nameInput.value.trim()));
  }
  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { ok: response.ok, status: response.status, data: data };
  }
  function reviewer() {
    return nameInput ? nameInput.value.trim() : "";
  }
  return { post: post, reviewer: reviewer };
})();
