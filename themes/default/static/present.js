/* briefing presenter view: one beat of a scenario at a time, for a room with
   one screen. Space, the right arrow and Page Down go forward (presentation
   clickers send these keys); the left arrow, Page Up and Backspace go back;
   Home and End jump; F toggles full screen. Typed show-of-hands counts are
   drawn as bars. Plain ES5, no modules, no eval, no network. */
(function () {
  "use strict";

  var beats = document.querySelectorAll(".beat");
  if (!beats.length) { return; }
  var current = 0;
  var position = document.getElementById("presenter-position");
  var progress = document.getElementById("presenter-progress");
  var scenarios = 0;
  for (var s = 0; s < beats.length; s++) {
    scenarios = Math.max(scenarios, Number(beats[s].getAttribute("data-scenario")) || 0);
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(beats.length - 1, index));
    for (var i = 0; i < beats.length; i++) { beats[i].hidden = i !== current; }
    var beat = beats[current];
    var scenario = Number(beat.getAttribute("data-scenario")) || 0;
    position.textContent = "Step " + (current + 1) + " of " + beats.length +
      (scenario ? " · scenario " + scenario + " of " + scenarios : "");
    progress.value = current + 1;
    progress.textContent = (current + 1) + " of " + beats.length;
    if (focus) { beat.focus(); }
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function toggleFullscreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) {
      if (document.exitFullscreen) { document.exitFullscreen(); }
    } else if (root.requestFullscreen) {
      root.requestFullscreen();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (key === " " || key === "Spacebar" || key === "ArrowRight" || key === "Right" || key === "PageDown") {
      if (event.target.tagName === "BUTTON" || event.target.tagName === "A") {
        if (key === " ") { return; }
      }
      show(current + 1, true);
    } else if (key === "ArrowLeft" || key === "Left" || key === "PageUp" || key === "Backspace") {
      show(current - 1, true);
    } else if (key === "Home") {
      show(0, true);
    } else if (key === "End") {
      show(beats.length - 1, true);
    } else if (key === "f" || key === "F") {
      toggleFullscreen();
    } else {
      return;
    }
    event.preventDefault();
  });

  /* Show-of-hands counts: each choice's share of the hands raised. */
  function drawVotes(table) {
    var inputs = table.querySelectorAll(".votes__count");
    var total = 0;
    var counts = [];
    for (var i = 0; i < inputs.length; i++) {
      var n = Math.max(0, parseInt(inputs[i].value, 10) || 0);
      counts.push(n);
      total += n;
    }
    var bars = table.querySelectorAll(".votes__bar");
    var shares = table.querySelectorAll(".votes__share");
    for (var j = 0; j < counts.length; j++) {
      bars[j].max = Math.max(total, 1);
      bars[j].value = counts[j];
      shares[j].textContent = total ? counts[j] + " (" + Math.round(100 * counts[j] / total) + "%)" : "–";
    }
  }

  var tables = document.querySelectorAll(".votes");
  for (var t = 0; t < tables.length; t++) {
    (function (table) {
      table.addEventListener("input", function () { drawVotes(table); });
    }(tables[t]));
  }

  var controls = document.querySelector(".presenter__controls");
  controls.hidden = false;
  document.getElementById("presenter-next").addEventListener("click", function () { show(current + 1, false); });
  document.getElementById("presenter-previous").addEventListener("click", function () { show(current - 1, false); });
  document.getElementById("presenter-fullscreen").addEventListener("click", toggleFullscreen);
  show(0, false);
}());
