// argmap serve: reload this page when a rebuild changed it (server-sent events from the preview
// server). Injected by the server into the pages it serves; the files argmap build writes do not
// have it.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var here = decodeURIComponent(location.pathname.replace(/^\/+/, ""));
  if (here === "" || here.slice(-1) === "/") { here += "index.html"; }
  var events = new EventSource("/__argmap/events");
  events.addEventListener("reload", function (ev) {
    var changed = [];
    try { changed = JSON.parse(ev.data); } catch (e) { changed = []; }
    if (changed.indexOf(here) >= 0) { location.reload(); }
  });
})();
