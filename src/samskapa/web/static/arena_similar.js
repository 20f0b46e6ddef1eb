/* "Does this exist already?" on the need form: while the title (or, while it is short, the summary) is
   typed, ask /v1/arena/similar and list matching catalogue datasets and needs in the aria-live region.
   Progressive enhancement: without this script the "Search for similar" button posts the form and the
   page lists the same results, from the same service. */
(function () {
  "use strict";

  var MIN_CHARS = 3;
  var MAX_CHARS = 200;
  var DELAY_MS = 400;

  function heading(text) {
    var h = document.createElement("h3");
    h.textContent = text;
    return h;
  }

  function list(items, states) {
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      if (item.state) {
        var tag = document.createElement("span");
        tag.className = "tag";
        tag.textContent = states[item.state] || item.state;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(tag);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  function setup(region) {
    var form = region.closest("form");
    if (!form) { return; }
    var title = form.querySelector("#title");
    var summary = form.querySelector("#summary");
    var endpoint = region.getAttribute("data-similar");
    var lang = region.getAttribute("data-lang") || document.documentElement.lang;
    var states = {};
    try { states = JSON.parse(region.getAttribute("data-states") || "{}"); } catch (e) { states = {}; }
    var timer = null;
    var last = "";
    var counter = 0;

    function text() {
      var t = (title && title.value || "").trim();
      if (t.length < MIN_CHARS && summary) { t = summary.value.trim(); }
      return t.slice(0, MAX_CHARS);
    }

    function show(data) {
      while (region.firstChild) { region.removeChild(region.firstChild); }
      if (!data.datasets.length && !data.needs.length) {
        var p = document.createElement("p");
        p.textContent = region.getAttribute("data-msg-none");
        region.appendChild(p);
        return;
      }
      if (data.datasets.length) {
        region.appendChild(heading(region.getAttribute("data-msg-datasets")));
        region.appendChild(list(data.datasets, states));
      }
      if (data.needs.length) {
        region.appendChild(heading(region.getAttribute("data-msg-needs")));
        region.appendChild(list(data.needs, states));
      }
    }

    function search() {
      var q = text();
      if (q.length < MIN_CHARS || q === last) { return; }
      last = q;
      var mine = ++counter;
      var url = endpoint + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang) + "&limit=5";
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && mine === counter) { show(data); } })
        .catch(function () { /* the button still works */ });
    }

    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(search, DELAY_MS);
    }

    if (title) { title.addEventListener("input", later); }
    if (summary) { summary.addEventListener("input", later); }
  }

  document.querySelectorAll("[data-similar]").forEach(setup);
}());
