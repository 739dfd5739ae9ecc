// The upload's progress page follows the worker: its summary is fetched again every 2 s until finished.
(() => {
  const box = document.getElementById("progress");
  const poll = async () => {
    if (box.querySelector("[data-finished]")) return;
    const response = await fetch(box.dataset.url, {headers: {"X-Requested-With": "fetch"}});
    if (response.ok) box.innerHTML = await response.text();
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
})();
