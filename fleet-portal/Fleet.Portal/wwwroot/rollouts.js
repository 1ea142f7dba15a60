// SPDX-License-Identifier: MIT
// Rollout pages: refresh the progress region in place by fetching this same page again (short polling of the
// portal, which reads the gateway server side). Without JavaScript the page is still complete; a reload updates it.
"use strict";
(function () {
  const region = document.getElementById("live-region");
  if (!region) { return; }
  const every = Number(region.dataset.refresh) || 3000;
  let busy = false;

  async function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (response.redirected || !response.ok) { return; } // signed out or gateway trouble: leave the page as it is
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = doc.getElementById("live-region");
      if (!fresh) { return; }
      if (fresh.innerHTML !== region.innerHTML) {
        region.innerHTML = fresh.innerHTML;
      }
      if ((fresh.dataset.state || "") !== (region.dataset.state || "")) {
        // The state changed (paused, completed, aborted): the controls depend on it, so swap them too.
        region.dataset.state = fresh.dataset.state || "";
        const actions = document.getElementById("rollout-actions");
        const freshActions = doc.getElementById("rollout-actions");
        if (actions && freshActions) {
          actions.innerHTML = freshActions.innerHTML;
        }
      }
    } catch (e) {
      // A failed poll is retried on the next tick.
    } finally {
      busy = false;
    }
  }

  window.setInterval(refresh, every);
})();
