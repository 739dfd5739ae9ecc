// The review queue's keyboard: j/k move, x ticks, each action's key submits it on the ticked letters.
(() => {
  const form = document.getElementById("queue-form");
  const entries = [...form.querySelectorAll(".queue-entry")];
  let at = -1;
  const focus = (i) => { if (!entries.length) return; entries[at]?.classList.remove("focus");
    at = Math.max(0, Math.min(entries.length - 1, i)); entries[at].classList.add("focus"); entries[at].focus(); };
  document.getElementById("queue-all").addEventListener("change", (e) => {
    form.querySelectorAll("input[name=ids]").forEach((box) => { box.checked = e.target.checked; }); });
  document.addEventListener("keydown", (e) => {
    if (e.target.matches("input[type=text], textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") focus(at + 1); else if (e.key === "k") focus(at - 1);
    else if (e.key === "x" && at >= 0) { const box = entries[at].querySelector("input[name=ids]"); box.checked = !box.checked; }
    else {
      const button = form.querySelector(`button[data-key="${e.key}"]`);
      if (!button) return;
      if (!form.querySelector("input[name=ids]:checked") && at >= 0) entries[at].querySelector("input[name=ids]").checked = true;
      if (form.querySelector("input[name=ids]:checked")) { e.preventDefault(); form.requestSubmit(button); }
    }
  });
})();
