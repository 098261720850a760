/* briefing serve: reload the page when the site has been rebuilt (or failed to
   rebuild, so that the overlay with the problems appears). Served only by
   `briefing serve`; built sites never include it. */
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var seen = null;
  var source = new EventSource("/__briefing/events");
  source.onmessage = function (event) {
    if (seen !== null && event.data !== seen) {
      window.location.reload();
    }
    seen = event.data;
  };
}());
