// SPDX-License-Identifier: MIT
// Progressive enhancement only: every page works without this file (reload to refresh).
// 1. Live regions: an element with data-live-source="/live/..." opens an EventSource; on each "changed" event the
//    page is fetched again and every [data-live-region] element (matched by id) is replaced by the fresh copy.
//    The server renders everything; this only swaps HTML.
// 2. Detection feed: a list with data-detections-source receives "detection" events carrying ready HTML items.
// 3. Forms with data-validate: the browser's constraint checks are shown as text next to each field.
// 4. Buttons with data-copy="ID" (hidden without script) copy that element's text to the clipboard.
// 5. The gateway-health line (data-health-source) is fetched again every data-health-every ms (default 10 s): a
//    broker or store outage sends no device event, so the live sources above would never show it.
"use strict";

(function () {
  function refreshRegions() {
    return fetch(location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-region]").forEach(function (region) {
          var fresh = doc.getElementById(region.id);
          if (fresh && fresh.innerHTML !== region.innerHTML) {
            region.innerHTML = fresh.innerHTML;
          }
        });
      });
  }

  function setStatus(el, text, state) {
    el.textContent = text;
    el.dataset.connection = state;
  }

  document.querySelectorAll("[data-live-source]").forEach(function (el) {
    var pending = false, busy = false;
    var source = new EventSource(el.dataset.liveSource);
    source.addEventListener("open", function () { setStatus(el, "Live: updates as devices report.", "live"); });
    source.addEventListener("error", function () { setStatus(el, "Live updates interrupted; reconnecting…", "retrying"); });
    source.addEventListener("problem", function (e) { setStatus(el, "Gateway: " + e.data, "problem"); });
    source.addEventListener("changed", function () {
      // At most one refresh in flight; changes during it cause one more afterwards.
      if (busy) { pending = true; return; }
      busy = true;
      refreshRegions().catch(function () {}).finally(function () {
        busy = false;
        if (pending) { pending = false; source.dispatchEvent(new Event("changed")); }
      });
    });
  });

  document.querySelectorAll("[data-detections-source]").forEach(function (list) {
    var status = document.getElementById(list.dataset.statusId);
    var max = parseInt(list.dataset.max || "60", 10);
    var source = new EventSource(list.dataset.detectionsSource);
    source.addEventListener("open", function () { if (status) { setStatus(status, "Live: new detections appear at the top.", "live"); } });
    source.addEventListener("error", function () { if (status) { setStatus(status, "Live feed interrupted; reconnecting…", "retrying"); } });
    source.addEventListener("problem", function (e) { if (status) { setStatus(status, "Gateway: " + e.data, "problem"); } });
    source.addEventListener("detection", function (e) {
      var tpl = document.createElement("template");
      tpl.innerHTML = e.data.trim();
      var item = tpl.content.firstElementChild;
      if (!item || list.querySelector('[data-id="' + item.dataset.id + '"]')) { return; }
      item.classList.add("new");
      list.prepend(item);
      var empty = document.getElementById(list.dataset.emptyId);
      if (empty) { empty.hidden = true; }
      while (list.children.length > max) { list.lastElementChild.remove(); }
    });
  });

  document.querySelectorAll("[data-health-source]").forEach(function (banner) {
    var every = parseInt(banner.dataset.healthEvery || "10000", 10);
    function poll() {
      fetch(banner.dataset.healthSource, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (h) {
          banner.dataset.level = h.level;
          banner.textContent = h.text;
          banner.hidden = h.level === "healthy";
        })
        .catch(function () {})
        .finally(function () { setTimeout(poll, every); });
    }
    setTimeout(poll, every);
  });

  document.querySelectorAll("form[data-validate]").forEach(function (form) {
    function show(input) {
      var out = document.getElementById(input.id + "-client-error");
      if (!out) { return; }
      if (input.validity.valid) {
        out.textContent = "";
        input.removeAttribute("aria-invalid");
      } else {
        out.textContent = input.validationMessage;
        input.setAttribute("aria-invalid", "true");
      }
    }
    form.setAttribute("novalidate", "");
    form.addEventListener("submit", function (e) {
      var first = null;
      form.querySelectorAll("input, select").forEach(function (input) {
        show(input);
        if (!input.validity.valid && !first) { first = input; }
      });
      if (first) { e.preventDefault(); first.focus(); }
    });
    form.querySelectorAll("input, select").forEach(function (input) {
      input.addEventListener("change", function () { show(input); });
    });
  });

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!target) { return; }
    function say(text) { if (status) { status.textContent = text; } }
    // Fallback where the Clipboard API is missing (plain http on another host is no secure context).
    function copyBySelection() {
      var range = document.createRange();
      range.selectNodeContents(target);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(ok ? "Copied." : "Could not copy: the text is selected, copy it by hand.");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("Copied."); }, copyBySelection);
      } else {
        copyBySelection();
      }
    });
  });
})();
