/* Autocomplete for the concept search: a WAI-ARIA 1.2 combobox with a listbox popup.
   Progressive enhancement: without this script the search form still works (GET /concepts?q=).
   Suggestions come from /v1/suggest in every language, the same matching as the result page.
   Choosing a suggestion opens the concept; an input with data-choice="<field name>" is a picker instead:
   choosing fills in the label and puts the concept id in that hidden field of the form (data-type fixes the
   concept type asked for). */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var LIMIT = 8;

  function conceptUrl(id) {
    return "/concepts/" + encodeURIComponent(id).replace(/%3A/gi, ":");
  }

  function setup(input) {
    var endpoint = input.getAttribute("data-autocomplete");
    var typeNames = {};
    try { typeNames = JSON.parse(input.getAttribute("data-types") || "{}"); } catch (e) { typeNames = {}; }
    var pageLang = document.documentElement.lang;
    var form = input.form;
    var typeSelect = form ? form.querySelector("select[name=type]") : null;
    var fixedType = input.getAttribute("data-type") || "";
    var choiceName = input.getAttribute("data-choice");
    var choiceField = choiceName && form ? form.querySelector("input[type=hidden][name=\"" + choiceName + "\"]") : null;
    var listId = input.id + "-listbox";

    var listbox = document.createElement("ul");
    listbox.id = listId;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", input.getAttribute("data-msg-list") || "");
    listbox.hidden = true;
    input.parentNode.appendChild(listbox);

    var status = document.createElement("div");
    status.setAttribute("role", "status");
    status.className = "visually-hidden";
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    function announce(count) {
      var text;
      if (count === 0) { text = input.getAttribute("data-msg-none"); }
      else if (count === 1) { text = input.getAttribute("data-msg-one"); }
      else { text = (input.getAttribute("data-msg-many") || "").replace("{n}", String(count)); }
      status.textContent = text || "";
    }

    function setActive(index) {
      var options = listbox.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!items.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function render(found) {
      items = found;
      listbox.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.textContent = item.label;
        if (item.lang && item.lang !== pageLang) { label.lang = item.lang; }
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = " – " + (typeNames[item.type] || item.type);
        option.appendChild(label);
        option.appendChild(meta);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        listbox.appendChild(option);
      });
      announce(found.length);
      if (found.length) { open(); } else { close(); }
    }

    function choose(index) {
      var item = items[index];
      if (!item) { return; }
      if (choiceField) {
        input.value = item.label;
        choiceField.value = item.id;
        lastQuery = "";
        close();
      } else {
        window.location.assign(conceptUrl(item.id));
      }
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < MIN_CHARS) {
        lastQuery = "";
        items = [];
        listbox.textContent = "";
        status.textContent = "";
        close();
        return;
      }
      var type = typeSelect ? typeSelect.value : fixedType;
      var key = q + "\u0000" + type;
      if (key === lastQuery) { open(); return; }
      lastQuery = key;
      if (controller) { controller.abort(); }
      controller = new AbortController();
      var params = new URLSearchParams({ q: q, limit: String(LIMIT) });
      if (type) { params.set("type", type); }
      fetch(endpoint + "?" + params.toString(), { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) { if (document.activeElement === input) { render(body.items || []); } })
        .catch(function (error) { if (error.name !== "AbortError") { render([]); } });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    }

    input.addEventListener("input", function () {
      if (choiceField) { choiceField.value = ""; }
      schedule();
    });
    if (typeSelect) { typeSelect.addEventListener("change", function () { lastQuery = ""; }); }

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) { open(); if (!event.altKey && items.length) { setActive(0); } }
          else { setActive(active + 1 >= items.length ? 0 : active + 1); }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) { open(); if (items.length) { setActive(items.length - 1); } }
          else if (event.altKey) { close(); }
          else { setActive(active <= 0 ? items.length - 1 : active - 1); }
          break;
        case "Enter":
          if (expanded && active >= 0) { event.preventDefault(); choose(active); }
          break;
        case "Escape":
          if (expanded) { event.preventDefault(); close(); }
          else if (input.value) { event.preventDefault(); input.value = ""; lastQuery = ""; items = []; status.textContent = ""; }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
    input.addEventListener("focus", function () { if (items.length && input.value.trim().length >= MIN_CHARS) { open(); } });
  }

  var inputs = document.querySelectorAll("input[data-autocomplete]");
  for (var i = 0; i < inputs.length; i += 1) { setup(inputs[i]); }
})();
