// 금천 순이의 집: progressive enhancements only (every page works without JavaScript).
(function () {
  "use strict";

  // Today's date and time in Seoul, whatever the visitor's own time zone.
  function seoulNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  // A cached page states today's hours; add the live "open now" badge only while that page's
  // date is still today in Seoul.
  function updateBadges() {
    var now = seoulNow();
    document.querySelectorAll("[data-heritage-today]").forEach(function (box) {
      var badge = box.querySelector("[data-heritage-live]");
      if (!badge) { return; }
      if (box.getAttribute("data-date") !== now.date) { badge.hidden = true; return; }
      var opens = box.getAttribute("data-opens"), closes = box.getAttribute("data-closes");
      var open = Boolean(opens && closes && opens <= now.time && now.time < closes);
      badge.textContent = badge.getAttribute(open ? "data-open-label" : "data-closed-label");
      badge.className = "badge " + (open ? "badge-ok" : "badge-danger");
      badge.hidden = false;
    });
  }
  if (document.querySelector("[data-heritage-live]")) {
    updateBadges();
    window.setInterval(updateBadges, 60 * 1000);
  }
})();
