/* briefing SCORM 1.2 reporter: tells an LMS how a learner did in a scenario.
   Plain ES5, no modules, no eval, no network. It looks for the SCORM 1.2 API
   object the LMS provides (window.API in a parent frame or the opener, the
   standard search); outside an LMS there is none, and the script does nothing
   at all. Inside one, it listens to the events quiz.js dispatches on document
   (briefing:started, briefing:answered, briefing:finished), so the quiz itself
   never needs to know about SCORM. Every value sent keeps to the SCORM 1.2
   data model's strict formats, so a strict LMS accepts all of them. A broken
   LMS API must never break the quiz: every call is guarded. */
(function () {
  "use strict";

  /* The standard findAPI search gives up after this many parent frames. */
  var MAX_PARENTS = 7;
  /* Choice responses are single characters (SCORM 1.2 RTE 3.4.2.7.5): the
     first choice of a question is "a", the second "b", and so on. */
  var CHOICE_SYMBOLS = "abcdefghijklmnopqrstuvwxyz0123456789";

  function apiOf(win) {
    try {
      var api = win.API;
      return api && typeof api.LMSInitialize === "function" ? api : null;
    } catch (e) {
      return null; /* a frame from another origin */
    }
  }

  function findApi(win) {
    var api = apiOf(win);
    var tries = 0;
    while (!api && tries < MAX_PARENTS) {
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) { break; }
      win = parent;
      tries++;
      api = apiOf(win);
    }
    return api;
  }

  function locateApi() {
    var api = findApi(window);
    if (!api) {
      var opener = null;
      try { opener = window.opener; } catch (e) { opener = null; }
      if (opener) { api = findApi(opener); }
    }
    return api;
  }

  var api = locateApi();
  if (!api) { return; }

  var initialized = false;
  var terminated = false;
  var startedAt = 0;
  var nextInteraction = 0;
  var best = -1;
  var passedBefore = false;

  function call(name, argument) {
    try { return String(api[name](argument)); } catch (e) { return "false"; }
  }

  function get(element) { return call("LMSGetValue", element); }

  function set(element, value) {
    try { return String(api.LMSSetValue(element, String(value))) === "true"; } catch (e) { return false; }
  }

  function commit() { call("LMSCommit", ""); }

  function active() { return initialized && !terminated; }

  /* CMIIdentifier: letters, digits and underscores only, at most 255. */
  function identifier(text) {
    return String(text).replace(/[^A-Za-z0-9_]/g, "_").slice(0, 255) || "question";
  }

  /* The choice ids of a question as CMIFeedback for a "choice" interaction:
     each choice's position on the page as one character, joined by commas. */
  function responses(question, ids) {
    var form = document.getElementById(question);
    var inputs = form ? form.querySelectorAll("input") : [];
    var symbols = [];
    for (var i = 0; i < ids.length; i++) {
      for (var j = 0; j < inputs.length && j < CHOICE_SYMBOLS.length; j++) {
        if (inputs[j].value === ids[i]) { symbols.push(CHOICE_SYMBOLS.charAt(j)); break; }
      }
    }
    return symbols.join(",");
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  /* CMITime: the time of day, HH:MM:SS. */
  function timeOfDay() {
    var d = new Date();
    return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  /* CMITimeSpan: HHHH:MM:SS, hours from two to four digits. */
  function timeSpan(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    var hours = Math.min(9999, Math.floor(seconds / 3600));
    return pad(hours) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }

  function number(text) {
    return /^\d+(\.\d+)?$/.test(text) ? Number(text) : -1;
  }

  function onStarted() {
    if (initialized || terminated) { return; }
    if (call("LMSInitialize", "") !== "true") { return; }
    initialized = true;
    startedAt = new Date().getTime();
    /* Earlier sessions' records stay: a pass is never taken back, new
       interactions are added after the ones the LMS already holds. */
    var status = get("cmi.core.lesson_status");
    passedBefore = status === "passed";
    best = number(get("cmi.core.score.raw"));
    var count = number(get("cmi.interactions._count"));
    nextInteraction = count > 0 ? Math.floor(count) : 0;
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    if (status === "not attempted" || status === "") { set("cmi.core.lesson_status", "incomplete"); }
    commit();
  }

  function onAnswered(event) {
    var d = event.detail;
    if (!active() || !d) { return; }
    var prefix = "cmi.interactions." + nextInteraction + ".";
    nextInteraction++;
    set(prefix + "id", identifier(d.element ? d.question + "_" + d.element : d.question));
    set(prefix + "type", "choice");
    set(prefix + "time", timeOfDay());
    set(prefix + "student_response", responses(d.question, d.chosen || []));
    set(prefix + "correct_responses.0.pattern", responses(d.question, d.right || []));
    set(prefix + "result", d.correct ? "correct" : "wrong");
    commit();
  }

  function onFinished(event) {
    var d = event.detail;
    if (!active() || !d) { return; }
    passedBefore = passedBefore || Boolean(d.passed);
    best = Math.max(best, Math.min(100, Math.max(0, Math.round(Number(d.percent) || 0))));
    set("cmi.core.score.raw", String(best));
    set("cmi.core.lesson_status", passedBefore ? "passed" : "failed");
    commit();
  }

  function onLeave() {
    if (!active()) { return; }
    terminated = true;
    set("cmi.core.session_time", timeSpan(new Date().getTime() - startedAt));
    call("LMSFinish", "");
  }

  document.addEventListener("briefing:started", onStarted);
  document.addEventListener("briefing:answered", onAnswered);
  document.addEventListener("briefing:finished", onFinished);
  /* pagehide fires on every way out, the back-forward cache included. unload
     is only the fallback for browsers without it: a listener for it keeps a
     page out of that cache, and Chromium is retiring it. */
  if ("onpagehide" in window) {
    window.addEventListener("pagehide", onLeave);
  } else {
    window.addEventListener("unload", onLeave);
  }
}());
