// 学会工具箱: a little progressive enhancement. Every page works without it.
"use strict";

// Copy-citation buttons: <button class="copy-btn" data-copy="…">.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try { document.execCommand("copy"); } finally { area.remove(); }
  return Promise.resolve();
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".copy-btn");
  if (!button) return;
  copyText(button.dataset.copy).then(() => {
    const label = button.textContent;
    button.textContent = "已复制";
    button.classList.add("copied");
    setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1500);
  }, () => { button.textContent = "复制失败"; });
});

// Generate page: refetch the compliance findings while the user edits (debounced), mark the
// fields the profile's validation names, and add/remove rows of list tables.
const profileForm = document.getElementById("profile-form");
if (profileForm) {
  const panel = document.getElementById("findings");
  const status = document.getElementById("check-status");
  let timer = null;
  let sequence = 0;

  function markFields() {
    const holder = panel.querySelector("[data-bad-fields]");
    const bad = new Set((holder ? holder.dataset.badFields : "").split(" ").filter(Boolean));
    profileForm.querySelectorAll(".field[data-path]").forEach((field) => {
      const path = field.dataset.path;
      const hit = [...bad].some((b) => b === path || b.startsWith(path + ".") || path.startsWith(b + "."));
      field.classList.toggle("invalid", hit);
    });
  }

  async function refresh() {
    const mine = ++sequence;
    status.textContent = "正在检查…";
    try {
      const response = await fetch("/generate/check", { method: "POST", body: new FormData(profileForm) });
      const html = await response.text();
      if (mine !== sequence) return; // a newer check is on its way
      if (!response.ok) { status.textContent = "检查未能完成，请稍后再试。"; return; }
      panel.innerHTML = html;
      markFields();
      status.textContent = "已按当前填写内容重新检查。";
    } catch (err) {
      if (mine === sequence) status.textContent = "无法连接本机服务，请确认 xuehui serve 仍在运行。";
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  }

  profileForm.addEventListener("input", schedule);
  profileForm.addEventListener("change", schedule);

  profileForm.addEventListener("click", (event) => {
    const add = event.target.closest(".row-add");
    const remove = event.target.closest(".row-remove");
    if (add) {
      const box = add.closest(".table-field");
      const template = box.querySelector("tr.template-row");
      const index = Number(box.dataset.next);
      box.dataset.next = String(index + 1);
      const row = template.cloneNode(true);
      row.querySelectorAll("input, select").forEach((input) => {
        input.name = input.name.replace(/\.\d+\./, "." + index + ".");
        if (input.tagName === "INPUT") input.value = "";
      });
      template.classList.remove("template-row");
      template.after(row); // the new empty row is now the last one
      row.querySelector("input, select").focus();
    } else if (remove) {
      const row = remove.closest("tr");
      if (row.classList.contains("template-row")) {
        row.querySelectorAll("input").forEach((input) => { input.value = ""; });
      } else {
        row.remove();
      }
      schedule();
    }
  });
  markFields();
}
