// Session timeout notice (progressive enhancement; the server enforces the timeout anyway).
(function () {
  "use strict";
  var body = document.body;
  var lifetime = parseInt(body.getAttribute("data-session-seconds") || "0", 10);
  var notice = document.getElementById("session-notice");
  if (!lifetime || !notice) { return; }
  var warnBefore = Math.min(120, Math.floor(lifetime / 4));
  var warnTimer, endTimer;

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    notice.hidden = true;
    warnTimer = window.setTimeout(function () {
      notice.hidden = false;
      document.getElementById("session-stay").focus();
    }, (lifetime - warnBefore) * 1000);
    endTimer = window.setTimeout(function () {
      window.location.assign(body.getAttribute("data-login-url"));
    }, lifetime * 1000);
  }

  document.getElementById("session-stay").addEventListener("click", function () {
    fetch(body.getAttribute("data-ping-url"), { credentials: "same-origin" }).then(function (r) {
      if (r.ok) { schedule(); } else { window.location.assign(body.getAttribute("data-login-url")); }
    });
  });
  schedule();
}());
