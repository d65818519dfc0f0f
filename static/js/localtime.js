// Adds the reader's own local time under an event's time when their browser is in another zone.
// The page is complete without it: times are always printed in the event's zone by the server.
(function () {
  "use strict";
  var userZone;
  try {
    userZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  // The page's language in the reader's own variant of it: an English page read with a British
  // browser says "Tue 6 Apr, 15:00 BST", with an American one "Tue, Apr 6, 03:00 PM EDT".
  var pageLang = document.documentElement.lang || "en";
  var lang = pageLang;
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (var i = 0; i < wanted.length; i++) {
    if (wanted[i] && wanted[i].split("-")[0].toLowerCase() === pageLang.split("-")[0].toLowerCase()) {
      lang = wanted[i];
      break;
    }
  }
  var label = (document.body.getAttribute("data-your-time") || "Your time:") + " ";

  function offsetAt(date, zone) {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit"
    }).formatToParts(date);
    var v = {};
    parts.forEach(function (p) { v[p.type] = p.value; });
    return Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour, +v.minute) - date.getTime();
  }

  document.querySelectorAll("time[data-local-start]").forEach(function (el) {
    var zone = el.getAttribute("data-zone");
    if (!zone || el.hasAttribute("data-all-day")) return;
    var start = new Date(el.getAttribute("data-local-start"));
    var end = new Date(el.getAttribute("data-local-end"));
    if (isNaN(start) || offsetAt(start, zone) === offsetAt(start, userZone)) return;
    var fmt = new Intl.DateTimeFormat(lang, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZone: userZone, timeZoneName: "short"
    });
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = label + fmt.format(start) + (isNaN(end) ? "" : " – " + fmt.format(end));
    el.insertAdjacentElement("afterend", span);
  });
})();
