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
