// Subject picker: a text field marked data-subject-picker suggests the references that start
// with what was typed (GET /subjects/suggest?q=SUB-..., references only: nothing personal travels).
// Without JavaScript the field still takes a whole reference typed by hand.
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[data-subject-picker]");
  if (!fields.length) { return; }
  var url = document.body.getAttribute("data-suggest-url") || "/subjects/suggest";

  fields.forEach(function (field, n) {
    var list = document.createElement("datalist");
    list.id = (field.id || "subject") + "-suggestions-" + n;
    field.parentNode.appendChild(list);
    field.setAttribute("list", list.id);
    var timer = null;
    var asked = "";

    function fill(items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.reference;
        option.label = item.label;
        list.appendChild(option);
      });
    }

    function ask() {
      var typed = field.value.trim();
      // Only what starts like a reference is sent: a name or an e-mail typed in the same box
      // must never reach a URL.
      if (!/^sub-[0-9a-z]/i.test(typed) || typed === asked) { return; }
      asked = typed;
      fetch(url + "?q=" + encodeURIComponent(typed),
            { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { if (field.value.trim() === typed) { fill(items); } })
        .catch(function () { fill([]); });
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
  });
}());
