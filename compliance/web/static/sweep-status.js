// Retention sweep status: poll the JSON status and update the page in place; reload once the
// sweep is over so the final, server-rendered summary shows. Without JavaScript the page offers
// a "Refresh the status" link instead (no meta refresh: it would interrupt screen readers).
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box || box.getAttribute("data-state") !== "running") { return; }
  var url = box.getAttribute("data-status-url");
  var progress = document.getElementById("sweep-progress");
  var refresh = box.querySelector("[data-refresh]");
  if (refresh) { refresh.parentNode.hidden = true; }

  function show(status) {
    ["done", "still_due", "percent"].forEach(function (name) {
      var field = box.querySelector('[data-field="' + name + '"]');
      if (field) { field.textContent = String(status[name]); }
    });
    progress.value = status.percent;
    progress.textContent = status.percent + "%";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.state === "running") { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { if (refresh) { refresh.parentNode.hidden = false; } });
  }
  window.setTimeout(poll, 1000);
}());
