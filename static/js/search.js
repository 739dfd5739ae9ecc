/* Progressive enhancement only: every page works without it (no inline scripts; CSP-friendly). */
(function () {
  "use strict";

  // Treatment suggestions from the archive's own item names, into the field's <datalist>.
  var field = document.querySelector("input[data-suggest]");
  if (field && window.fetch) {
    var list = document.getElementById(field.getAttribute("list"));
    var timer = null, last = "";
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = field.value.trim();
        if (text.length < 2 || text === last) { return; }
        last = text;
        fetch(field.dataset.suggest + "?item=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
          .then(function (data) {
            if (data.item !== field.value.trim()) { return; }
            list.replaceChildren.apply(list, data.suggestions.map(function (s) {
              var option = document.createElement("option");
              option.value = s.name;
              option.label = s.items + (s.items === 1 ? " item" : " items");
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  }

  // Wide screens show the filters open beside the results; narrow ones keep them folded.
  var refine = document.getElementById("refine");
  if (refine && window.matchMedia && window.matchMedia("(min-width: 60rem)").matches) { refine.open = true; }

  // Copy the citation line.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = function () { if (status) { status.textContent = "Citation copied."; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else { fallback(text); done(); }
    });
  });

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
}());
