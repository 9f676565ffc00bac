// Record page: evidence boxes over the scan, click-to-jump, live re-validation, decisions.
"use strict";
(function () {
  const root = document.querySelector(".record");
  if (!root) return;
  const recordId = root.dataset.recordId;
  const api = "/api/records/" + encodeURIComponent(recordId);
  const form = document.getElementById("review-form");
  const fields = Array.from(form.querySelectorAll(".field"));
  const boxesByField = {};

  function parseBox(text) {
    return text ? text.split(",").map(Number) : null;
  }

  function place(layer, geometry, bbox, cls, field, title) {
    const box = document.createElement("div");
    box.className = "box " + cls;
    box.style.left = (100 * bbox[0] / geometry.width) + "%";
    box.style.top = (100 * bbox[1] / geometry.height) + "%";
    box.style.width = (100 * (bbox[2] - bbox[0]) / geometry.width) + "%";
    box.style.height = (100 * (bbox[3] - bbox[1]) / geometry.height) + "%";
    box.dataset.field = field;
    box.title = title;
    box.addEventListener("click", () => focusField(field));
    layer.appendChild(box);
    return box;
  }

  async function drawPage(img) {
    const page = img.dataset.page;
    const layer = document.querySelector('.boxes[data-page="' + page + '"]');
    const response = await fetch(api + "/pages/" + page + ".json", { credentials: "same-origin" });
    if (!response.ok) return;
    const geometry = await response.json();
    fields.forEach((div) => {
      const bbox = parseBox(div.dataset.bbox);
      if (!bbox || div.dataset.page !== page) return;
      const label = div.querySelector("label").textContent;
      const cls = div.classList.contains("low") ? "low" : "";
      boxesByField[div.dataset.field] = place(layer, geometry, bbox, cls, div.dataset.field, label);
    });
    layer.dataset.ready = "1";
  }

  document.querySelectorAll(".sheet img").forEach((img) => {
    img.addEventListener("error", () => {
      img.closest(".page").querySelector(".missing").hidden = false;
      img.closest(".sheet").hidden = true;
    });
    drawPage(img);
  });

  function highlight(field) {
    document.querySelectorAll(".box.on").forEach((b) => b.classList.remove("on"));
    fields.forEach((f) => f.classList.toggle("on", f.dataset.field === field));
    const box = boxesByField[field];
    if (box) {
      box.classList.add("on");
      box.scrollIntoView({ block: "center", inline: "nearest", behavior: "smooth" });
    }
  }

  function focusField(field) {
    const input = form.querySelector('[name="' + field + '"]');
    if (input) input.focus();
    highlight(field);
  }

  fields.forEach((div) => {
    const field = div.dataset.field;
    const input = div.querySelector("input, select, textarea");
    input.addEventListener("focus", () => highlight(field));
    div.querySelector("label").addEventListener("click", () => highlight(field));
    div.querySelectorAll(".cand").forEach((button) => {
      button.addEventListener("click", () => {
        input.value = button.dataset.value;
        input.dispatchEvent(new Event("change"));
        input.focus();
      });
    });
    input.addEventListener("input", schedulePreview);
    input.addEventListener("change", schedulePreview);
  });

  function edited() {
    const values = {};
    fields.forEach((div) => {
      const input = div.querySelector("input, select, textarea");
      if (input.value !== (input.dataset.original || "")) values[input.name] = input.value;
      div.classList.toggle("changed", input.value !== (input.dataset.original || ""));
    });
    return values;
  }

  function showErrors(errors) {
    fields.forEach((div) => {
      const box = div.querySelector(".error");
      const message = errors && errors[div.dataset.field];
      box.hidden = !message;
      box.textContent = message || "";
    });
  }

  let timer = null;
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(preview, 350);
  }

  async function preview() {
    const result = await window.mseflow.post(api + "/preview", { fields: edited() });
    if (result.status === 422) { showErrors(result.data.errors); return; }
    showErrors({});
    if (result.ok) {
      document.getElementById("check-body").innerHTML = result.data.html;
      const changed = Object.keys(edited()).length > 0;
      document.getElementById("check-note").textContent = changed
        ? "(с вашими исправлениями — ещё не сохранено)"
        : "(пересчитывается при исправлении)";
      root.dataset.previewed = String(Number(root.dataset.previewed || 0) + 1);
    }
  }

  async function decide(decision) {
    const saved = document.getElementById("saved");
    const body = {
      decision: decision,
      fields: decision === "reject" ? {} : edited(),
      reviewer: window.mseflow.reviewer(),
      comment: document.getElementById("comment").value,
    };
    const result = await window.mseflow.post(api + "/review", body);
    if (result.status === 422) { showErrors(result.data.errors); saved.hidden = false; saved.textContent = "Исправьте отмеченные поля."; return; }
    if (!result.ok) { saved.hidden = false; saved.textContent = "Не сохранено: " + ((result.data && result.data.detail) || result.status); return; }
    const labels = { confirmed: "Подтверждено", corrected: "Исправлено и подтверждено", rejected: "Отклонено" };
    saved.hidden = false;
    saved.className = "saved ok";
    saved.textContent = "Сохранено: " + (labels[result.data.review.status] || "") + ".";
    document.getElementById("check-note").textContent = "(сохранено)";
    root.dataset.saved = result.data.review.status;
    fields.forEach((div) => {
      const input = div.querySelector("input, select, textarea");
      input.dataset.original = input.value;
      div.classList.remove("changed");
    });
    const next = document.getElementById("next");
    next.hidden = false;
    next.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    decide("accept");
  });
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const tag = event.target.tagName;
    if (tag === "TEXTAREA" && !event.ctrlKey) return;  // Enter adds a line to a list
    if (tag === "SELECT" || tag === "TEXTAREA") {
      event.preventDefault();
      decide("accept");
    }
  });
  document.getElementById("reject").addEventListener("click", () => {
    if (window.confirm("Отклонить документ как не являющийся справкой МСЭ или ИПРА?")) decide("reject");
  });
  const first = form.querySelector(".field input, .field select, .field textarea");
  if (first) first.focus();
})();
