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

  // Highlight each field the profile's validation names and show its message under it.
  function markFields() {
    const holder = panel.querySelector("[data-bad-fields]");
    const bad = new Set((holder ? holder.dataset.badFields : "").split(" ").filter(Boolean));
    const messages = new Map();
    panel.querySelectorAll(".problem-list li[data-target]").forEach((item) => {
      if (item.dataset.target) messages.set(item.dataset.target, item.dataset.message);
    });
    profileForm.querySelectorAll(".field[data-path]").forEach((field) => {
      const path = field.dataset.path;
      const hit = [...bad].some((b) => b === path || b.startsWith(path + ".") || path.startsWith(b + "."));
      field.classList.toggle("invalid", hit);
      const control = field.querySelector("input, select, textarea");
      let note = field.querySelector(".field-error");
      if (hit && control) {
        if (!note) {
          note = document.createElement("span");
          note.className = "field-error";
          note.id = control.id + "-error";
          field.appendChild(note);
        }
        note.textContent = messages.get(control.id) || "";
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", note.id);
      } else {
        if (note) note.remove();
        if (control) { control.removeAttribute("aria-invalid"); control.removeAttribute("aria-describedby"); }
      }
    });
    profileForm.querySelectorAll(".table-field").forEach((box) => {
      const path = box.dataset.path;
      box.classList.toggle("invalid", bad.has(path));
      box.querySelectorAll("input, select").forEach((cell) => {
        const hit = bad.has(cell.name);
        cell.classList.toggle("invalid", hit);
        if (hit) cell.setAttribute("aria-invalid", "true"); else cell.removeAttribute("aria-invalid");
      });
    });
  }

  // The sticky one-line summary above the form (phones): the panel's counts in short.
  function updateSummary() {
    const line = document.querySelector("#live-summary .live-counts");
    if (!line) return;
    const problems = panel.querySelectorAll(".problem-list li").length;
    const counts = [...panel.querySelectorAll(".findings-summary .count")].map((c) => c.textContent.trim());
    line.textContent = problems ? "学会信息还需补正 " + problems + " 处"
      : counts.length ? counts.filter((c) => !c.startsWith("参考") && !c.startsWith("无法")).join(" · ")
      : "填写后自动检查";
  }

  // A link to a field opens the section it sits in (a closed meeting) and moves focus there.
  panel.addEventListener("click", (event) => {
    const link = event.target.closest("a.problem-link");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView({ block: "center" });
    const control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (control) control.focus({ preventScroll: true });
  });

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
      updateSummary();
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
        if (input.id) input.id = input.id.replace(/-\d+-([^-]+)$/, "-" + index + "-$1");
        input.classList.remove("invalid");
        input.removeAttribute("aria-invalid");
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

// Long actions say that they are working: a form with data-busy shows its progress line and
// disables its buttons while the next page loads.
function showBusy(box, text) {
  if (!box) return;
  box.querySelector(".busy-text").textContent = text;
  box.classList.remove("hidden");
}

function hideBusy(box) {
  if (box) box.classList.add("hidden");
}

const auditForm = document.getElementById("audit-form");
if (auditForm) {
  auditForm.addEventListener("submit", () => {
    showBusy(auditForm.querySelector(".busy"), auditForm.dataset.busy);
    auditForm.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  });
  // back from the result page (bfcache): the form is usable again
  window.addEventListener("pageshow", () => {
    hideBusy(auditForm.querySelector(".busy"));
    auditForm.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = false; });
  });
}

// Downloads are fetched so the page can say "正在生成" until the file arrives. An answer that
// is not a file (the page explaining why it was refused) is shown by submitting normally.
function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const star = header.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = header.match(/filename="([^"]+)"/i);
  return plain ? plain[1] : fallback;
}

async function fetchDownload(request, status, fallback) {
  showBusy(status, "正在生成文件，请稍候……");
  try {
    const response = await fetch(request);
    const disposition = response.headers.get("Content-Disposition") || "";
    if (!response.ok || !disposition.startsWith("attachment")) return false;
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName(response, "download");
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    showBusy(status, "已生成：" + link.download);
    status.querySelector("progress").classList.add("hidden");
    return true;
  } catch (err) {
    return false;
  } finally {
    setTimeout(() => { if (status) status.querySelector("progress").classList.remove("hidden"); }, 100);
  }
}

if (profileForm) {
  const status = document.getElementById("download-status");
  let native = false;
  profileForm.addEventListener("submit", async (event) => {
    const submitter = event.submitter;
    if (native || !submitter || !submitter.dataset.download || !window.fetch) return;
    event.preventDefault();
    const data = new FormData(profileForm);
    data.set(submitter.name || "download", submitter.value);
    const action = submitter.getAttribute("formaction") || profileForm.action;
    const done = await fetchDownload(new Request(action, { method: "POST", body: data }), status, "文件");
    if (!done) {
      hideBusy(status);
      native = true; // let the server's page explain what to change
      profileForm.requestSubmit(submitter);
      native = false;
    }
  });
}

document.addEventListener("click", async (event) => {
  const link = event.target.closest("a.fetch-download");
  if (!link || !window.fetch || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  const status = document.getElementById(link.dataset.status);
  const done = await fetchDownload(new Request(link.href), status, "文件");
  if (!done) { hideBusy(status); window.location.href = link.href; }
});

// The error page's "back" button (no inline script: the page's policy forbids it).
document.querySelectorAll(".back-button").forEach((button) => {
  if (window.history.length > 1) button.classList.remove("hidden");
  button.addEventListener("click", () => window.history.back());
});
