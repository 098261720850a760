/* briefing quiz script: checks answers on scenario pages and keeps progress.
   Plain ES5, no modules, no eval, no network: it works from file:// and under
   Content-Security-Policy: default-src 'self'. The page already holds every
   question, answer and explanation as HTML (in <details>, for readers without
   scripts); this script only upgrades it. The quiz data it reads is the JSON
   block #quiz-data, written by the site generator. */
(function () {
  "use strict";

  var STORE_PREFIX = "briefing.progress.";

  function byId(id) { return document.getElementById(id); }

  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }

  function storage() {
    try {
      var probe = STORE_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; /* storage blocked (private mode, some file:// settings) */
    }
  }

  function readRecord(store, id) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(STORE_PREFIX + id) || "null"); } catch (e) { return null; }
  }

  function writeRecord(store, id, record) {
    if (!store) { return; }
    try { store.setItem(STORE_PREFIX + id, JSON.stringify(record)); } catch (e) { /* full or blocked */ }
  }

  /* Tell other scripts (the SCORM reporter) what happened, without knowing them. */
  function announce(name, detail) {
    var event;
    try {
      event = new CustomEvent(name, { detail: detail });
    } catch (e) {
      event = document.createEvent("CustomEvent");
      event.initCustomEvent(name, false, false, detail);
    }
    document.dispatchEvent(event);
  }

  function percent(score, total) { return total ? Math.round((score / total) * 100) : 0; }

  function todayIso() {
    var d = new Date();
    function pad(n) { return n < 10 ? "0" + n : String(n); }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function longDate(iso) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    var parts = String(iso).split("-");
    if (parts.length !== 3) { return iso; }
    return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
  }

  /* ---------- scenario page ---------- */

  function Quiz(data, root) {
    this.data = data;
    this.root = root;
    this.store = storage();
    this.questions = [];
    this.results = {};
    var self = this;
    each(data.steps, function (step, stepIndex) {
      each(step.questions, function (q) { q.stepIndex = stepIndex; self.questions.push(q); });
    });
  }

  Quiz.prototype.start = function () {
    var self = this;
    each(this.questions, function (q) {
      var form = byId(q.id);
      if (!form) { return; }
      var actions = form.querySelector(".question__actions");
      if (actions) { actions.hidden = false; }
      var answer = byId(q.id + "-answer");
      if (answer) { answer.hidden = true; }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.check(q);
      });
    });
    each(this.data.steps, function (step, i) {
      if (i > 0) { self.stepElement(i).hidden = true; }
    });
    byId("quiz-retry").addEventListener("click", function () { self.reset(); });
    byId("quiz-show-answers").addEventListener("click", function () { self.showAllAnswers(); });
    this.showBest();
    announce("briefing:started", { quiz: this.data.id, title: this.data.title, passMark: this.data.pass_mark, questions: this.questions.length });
  };

  Quiz.prototype.stepElement = function (index) { return byId(this.data.steps[index].id); };

  Quiz.prototype.selected = function (q) {
    var ids = [];
    each(byId(q.id).querySelectorAll("input"), function (input) { if (input.checked) { ids.push(input.value); } });
    return ids;
  };

  Quiz.prototype.check = function (q) {
    var chosen = this.selected(q);
    var feedback = byId(q.id + "-feedback");
    if (this.results.hasOwnProperty(q.id)) { return; }
    if (chosen.length === 0) {
      feedback.className = "feedback feedback--error";
      feedback.innerHTML = "<p><strong>Choose an answer first.</strong> " +
        (q.multiple ? "Select every choice that applies." : "Select one choice.") + "</p>";
      feedback.focus();
      return;
    }
    var right = [];
    each(q.choices, function (c) { if (c.correct) { right.push(c.id); } });
    var correct = chosen.length === right.length;
    each(chosen, function (id) { if (right.indexOf(id) < 0) { correct = false; } });
    this.results[q.id] = { correct: correct, chosen: chosen };
    announce("briefing:answered", {
      quiz: this.data.id, question: q.id, number: q.number, kind: q.kind, element: q.element,
      chosen: chosen, right: right, correct: correct
    });

    var html = correct
      ? "<p class=\"feedback__verdict\"><strong>Correct.</strong></p>"
      : "<p class=\"feedback__verdict\"><strong>Not quite.</strong> The answer is: " + answerLabels(q) + "</p>";
    var shown = {};
    each(q.choices, function (c) {
      if (chosen.indexOf(c.id) >= 0 && c.feedback && !shown[c.feedback]) {
        shown[c.feedback] = true;
        html += "<div class=\"feedback__choice\">" + c.feedback + "</div>";
      }
    });
    if (q.departure) {
      html += "<div class=\"callout callout-important\" role=\"note\"><p class=\"callout-title\">Why this answer differs from the law model</p>" + q.departure + "</div>";
    }
    if (q.explanation) { html += "<div class=\"feedback__explanation\">" + q.explanation + "</div>"; }
    if (q.breakdown && q.breakdown.length) { html += breakdownHtml(q.breakdown); }
    feedback.className = "feedback " + (correct ? "feedback--correct" : "feedback--incorrect");
    feedback.innerHTML = html;

    each(byId(q.id).querySelectorAll("input"), function (input) { input.disabled = true; });
    var actions = byId(q.id).querySelector(".question__actions");
    if (actions) { actions.hidden = true; }
    var answer = byId(q.id + "-answer");
    if (answer) { answer.hidden = false; }
    feedback.focus();
    this.afterAnswer(q);
  };

  function answerLabels(q) {
    var labels = [];
    each(q.choices, function (c) { if (c.correct) { labels.push(c.label); } });
    return labels.join("; ");
  }

  function breakdownHtml(items) {
    var rows = "";
    each(items, function (item) {
      rows += "<tr><th scope=\"row\">" + escapeText(item.name) + "</th><td>" + escapeText(item.section) +
        "</td><td>" + escapeText(item.status) + "</td><td>" + escapeText(item.reason) + "</td></tr>";
    });
    return "<h3 class=\"breakdown__title\">Element by element</h3><div class=\"table-wrap\"><table class=\"breakdown\"><thead><tr>" +
      "<th scope=\"col\">Element</th><th scope=\"col\">Section</th><th scope=\"col\">On these facts</th><th scope=\"col\">Why</th>" +
      "</tr></thead><tbody>" + rows + "</tbody></table></div>";
  }

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  Quiz.prototype.afterAnswer = function (q) {
    var self = this;
    var stepDone = true;
    each(this.data.steps[q.stepIndex].questions, function (other) {
      if (!self.results.hasOwnProperty(other.id)) { stepDone = false; }
    });
    if (!stepDone) { return; }
    var next = q.stepIndex + 1;
    if (next < this.data.steps.length) {
      this.offerNextStep(q.stepIndex, next);
    } else {
      this.finish();
    }
  };

  Quiz.prototype.offerNextStep = function (current, next) {
    var self = this;
    var section = this.stepElement(current);
    if (section.querySelector(".step-continue")) { return; }
    var wrap = document.createElement("div");
    wrap.className = "step-continue";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Continue the scenario";
    button.addEventListener("click", function () {
      wrap.parentNode.removeChild(wrap);
      var step = self.stepElement(next);
      step.hidden = false;
      var heading = byId(self.data.steps[next].id + "-title");
      if (heading) { heading.focus(); }
    });
    wrap.appendChild(button);
    section.appendChild(wrap);
  };

  Quiz.prototype.score = function () {
    var score = 0;
    var self = this;
    each(this.questions, function (q) { if (self.results[q.id] && self.results[q.id].correct) { score++; } });
    return score;
  };

  Quiz.prototype.finish = function () {
    var total = this.questions.length;
    var score = this.score();
    var pc = percent(score, total);
    /* Compare exact fractions: a rounded percentage would pass 2 of 3 at 67%. */
    var passed = score * 100 >= this.data.pass_mark * total;
    byId("quiz-score").innerHTML = "You answered <strong>" + score + " of " + total + "</strong> questions correctly (" + pc +
      "%). The pass mark is " + this.data.pass_mark + "%. <strong>" + (passed ? "You reached the pass mark." : "You have not reached the pass mark yet.") + "</strong>";
    announce("briefing:finished", { quiz: this.data.id, score: score, total: total, percent: pc, passMark: this.data.pass_mark, passed: passed });
    var result = byId("quiz-result");
    result.hidden = false;
    byId("quiz-result-title").focus();
    var previous = readRecord(this.store, this.data.id);
    var same = previous && previous.hash === this.data.hash;
    writeRecord(this.store, this.data.id, {
      hash: this.data.hash, title: this.data.title,
      best: same ? Math.max(previous.best, pc) : pc, last: pc,
      passed: passed || Boolean(same && previous.passed), date: todayIso()
    });
    this.showBest();
  };

  Quiz.prototype.showBest = function () {
    var note = byId("quiz-best");
    var record = readRecord(this.store, this.data.id);
    if (!note || !record) { return; }
    if (record.hash !== this.data.hash) {
      note.textContent = "This scenario has changed since you last tried it, so your earlier score is not shown.";
    } else {
      note.textContent = "Your best score in this scenario so far: " + record.best + "% (last tried " + longDate(record.date) + ").";
    }
    note.hidden = false;
  };

  Quiz.prototype.showAllAnswers = function () {
    each(this.questions, function (q) {
      var answer = byId(q.id + "-answer");
      if (answer) { answer.hidden = false; answer.open = true; }
    });
    each(this.data.steps, function (step) { byId(step.id).hidden = false; });
  };

  Quiz.prototype.reset = function () {
    var self = this;
    this.results = {};
    each(this.questions, function (q) {
      each(byId(q.id).querySelectorAll("input"), function (input) { input.disabled = false; input.checked = false; });
      var feedback = byId(q.id + "-feedback");
      feedback.className = "feedback";
      feedback.innerHTML = "";
      var actions = byId(q.id).querySelector(".question__actions");
      if (actions) { actions.hidden = false; }
      var answer = byId(q.id + "-answer");
      if (answer) { answer.hidden = true; answer.open = false; }
    });
    each(this.data.steps, function (step, i) {
      var section = byId(step.id);
      section.hidden = i > 0;
      var cont = section.querySelector(".step-continue");
      if (cont) { cont.parentNode.removeChild(cont); }
    });
    byId("quiz-result").hidden = true;
    var heading = byId(this.data.steps[0].id + "-title");
    if (heading) { heading.focus(); }
    self.showBest();
  };

  /* ---------- progress page ---------- */

  function startProgress(table) {
    var store = storage();
    var rows = table.querySelectorAll("tbody tr");
    var attempted = 0;
    var passedCount = 0;
    each(rows, function (row) {
      var record = readRecord(store, row.getAttribute("data-scenario"));
      if (!record) { return; }
      var best = row.querySelector(".progress-table__best");
      var result = row.querySelector(".progress-table__result");
      if (record.hash !== row.getAttribute("data-hash")) {
        best.textContent = "Scenario changed since your attempt";
        return;
      }
      attempted++;
      var passed = Boolean(record.passed);
      if (passed) { passedCount++; }
      best.textContent = record.best + "% (" + longDate(record.date) + ")";
      result.textContent = passed ? "Pass mark reached" : "Pass mark not yet reached";
    });
    byId("record-date").textContent = longDate(todayIso());
    var summary = byId("progress-summary");
    summary.textContent = "You have tried " + attempted + " of " + rows.length + " scenarios and reached the pass mark in " + passedCount + ".";
    summary.hidden = false;
    var print = byId("record-print");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
    var clear = byId("progress-clear");
    clear.hidden = false;
    clear.addEventListener("click", function () {
      if (!store || !window.confirm("Clear every score kept in this browser?")) { return; }
      each(rows, function (row) { store.removeItem(STORE_PREFIX + row.getAttribute("data-scenario")); });
      window.location.reload();
    });
  }

  function init() {
    var dataElement = byId("quiz-data");
    if (dataElement) {
      var data;
      try { data = JSON.parse(dataElement.textContent); } catch (e) { return; }
      new Quiz(data, byId("quiz")).start();
    }
    var table = document.querySelector(".progress-table");
    if (table) { startProgress(table); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
