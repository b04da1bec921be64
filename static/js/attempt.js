/* The candidate's attempt: countdown, autosave bookkeeping, time on task (span marking is
 * static/js/spans.js).
 *
 * The server is the authority on time and on what is saved; this script only informs
 * (countdown, "Saved ✓"), reports time spent and integrity events (never blocking), and
 * makes sure a pending answer is sent before the page goes away.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-attempt]");
  var csrf = root && root.dataset.csrf;
  var answerForm = document.querySelector("[data-answer-form]");
  var dirty = new Set();
  var inflight = 0;
  var itemEvents = []; // paste events, sent with the next answer save
  var attemptEvents = []; // focus losses, sent with the next beacon
  var lastFocusLost = 0;

  /* --- Time on task: counts only while the page is visible and focused ---------- */
  var bank = 0;
  var since = null;
  function active() {
    return document.visibilityState === "visible" && document.hasFocus();
  }
  function mark() {
    var now = performance.now();
    if (since !== null) bank += now - since;
    since = active() ? now : null;
  }
  function takeElapsed() {
    mark();
    var value = Math.round(bank);
    bank = 0;
    return value;
  }
  mark();

  function focusLost() {
    var now = Date.now();
    if (now - lastFocusLost > 1000) attemptEvents.push({ type: "focus_lost" });
    lastFocusLost = now;
    beacon();
  }
  window.addEventListener("focus", mark);
  window.addEventListener("blur", function () {
    mark();
    if (root && answerForm) focusLost();
  });
  document.addEventListener("visibilitychange", function () {
    mark();
    if (document.visibilityState === "hidden" && root && answerForm) focusLost();
  });

  function beacon() {
    if (!root || !root.dataset.activityUrl || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("item", root.dataset.position || ""); // the item's number, never its id
    data.append("elapsed_ms", String(takeElapsed()));
    data.append("events", JSON.stringify(attemptEvents.splice(0)));
    navigator.sendBeacon(root.dataset.activityUrl, data);
  }

  /* --- Autosave: extra fields, error swaps, nav state ---------------------------- */
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== answerForm) return;
    event.detail.parameters["elapsed_ms"] = String(takeElapsed());
    event.detail.parameters["events"] = JSON.stringify(itemEvents.splice(0));
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    inflight += 1;
    dirty.delete(event.detail.elt);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    inflight = Math.max(0, inflight - 1);
    var ok = event.detail.successful;
    var current = document.querySelector(".item-nav__link[aria-current]");
    if (!ok || !current) return;
    if (event.detail.elt === answerForm) current.classList.add("is-answered");
    if (event.detail.elt.matches("[data-flag-form]")) {
      var box = event.detail.elt.querySelector("input[name=flagged]");
      current.classList.toggle("is-flagged", box.checked);
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    // A refused answer (400) or a closed attempt (409) carries a message to show.
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    localTimes(event.detail.target);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.elt.getAttribute("hx-target");
    var status = target && document.querySelector(target);
    if (status) {
      status.innerHTML =
        '<span class="save-status save-status--error" role="alert">Not saved: the connection dropped. Your answer is sent again on your next change.</span>';
    }
    dirty.add(event.detail.elt);
  });

  document.querySelectorAll("[data-answer-form], [data-flag-form]").forEach(function (form) {
    form.addEventListener("input", function () {
      dirty.add(form);
    });
    // Typing saves after a pause ("typed" in hx-trigger): a plain event rather than an
    // hx-trigger filter, which htmx would have to evaluate (the CSP allows no eval).
    form.addEventListener("keyup", function (event) {
      if (event.target.matches("textarea, input[type=text]")) {
        form.dispatchEvent(new CustomEvent("typed"));
      }
    });
    form.addEventListener("change", function () {
      dirty.add(form);
    });
  });
  if (answerForm) {
    answerForm.addEventListener("paste", function (event) {
      var text = event.clipboardData ? event.clipboardData.getData("text") : "";
      itemEvents.push({ type: "paste", chars: text.length });
    });
  }

  function formData(form) {
    var data = new FormData(form);
    if (form === answerForm) {
      data.append("elapsed_ms", String(takeElapsed()));
      data.append("events", JSON.stringify(itemEvents.splice(0)));
    }
    return data;
  }

  function flush() {
    var sends = [];
    dirty.forEach(function (form) {
      sends.push(
        fetch(form.getAttribute("hx-post"), {
          method: "POST",
          body: formData(form),
          credentials: "same-origin",
          keepalive: true,
          headers: { "HX-Request": "true" },
        }).catch(function () {})
      );
    });
    dirty.clear();
    return Promise.all(sends).then(settled);
  }

  function settled() {
    return new Promise(function (resolve) {
      var waited = 0;
      (function poll() {
        if (inflight === 0 || waited > 4000) return resolve();
        waited += 50;
        setTimeout(poll, 50);
      })();
    });
  }

  // Leaving the item by a link: send what is pending first, then go.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || !answerForm || link.target || event.defaultPrevented) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    beacon();
    flush().then(function () {
      window.location.href = link.href;
    });
  });

  // Closing the tab: a last beacon for time and any unsent answer.
  window.addEventListener("pagehide", function () {
    if (!answerForm) return;
    dirty.forEach(function (form) {
      if (navigator.sendBeacon) navigator.sendBeacon(form.getAttribute("hx-post"), formData(form));
    });
    dirty.clear();
    beacon();
  });

  /* --- Countdown from the server's deadline ---------------------------------------- */
  function startCountdown() {
    var box = document.querySelector("[data-countdown]");
    if (!box || !root) return;
    var value = box.querySelector("[data-countdown-value]");
    var deadline = Number(root.dataset.deadline) * 1000;
    var skew = Number(root.dataset.serverNow) * 1000 - Date.now();
    var reloading = false;
    function pad(n) {
      return String(n).padStart(2, "0");
    }
    function tick() {
      var left = Math.max(0, deadline - (Date.now() + skew));
      var s = Math.floor(left / 1000);
      var h = Math.floor(s / 3600);
      var m = Math.floor((s % 3600) / 60);
      value.textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s % 60);
      box.classList.toggle("countdown--warn", left < 5 * 60 * 1000);
      if (left <= 0 && !reloading) {
        reloading = true;
        value.textContent = "Time is up";
        flush().then(function () {
          setTimeout(function () {
            window.location.reload();
          }, 800);
        });
      }
    }
    tick();
    setInterval(tick, 1000);
  }

  /* --- Local clock for "Saved ✓ hh:mm:ss" ---------------------------------------- */
  function localTimes(scope) {
    (scope || document).querySelectorAll(".save-status time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) {
        el.textContent = when.toLocaleTimeString([], {
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
          hour12: false,
        });
      }
    });
  }

  /* --- Small form helpers ------------------------------------------------------------- */
  function counters() {
    document.querySelectorAll("textarea[data-min-length]").forEach(function (area) {
      var counter = area.parentElement.querySelector("[data-counter]");
      if (!counter) return;
      var min = Number(area.dataset.minLength);
      function show() {
        var n = area.value.trim().length;
        counter.textContent = n + " characters" + (n < min ? " — at least " + min + " needed" : "");
      }
      area.addEventListener("input", show);
      show();
    });
  }
  document.addEventListener("submit", function (event) {
    var buttons = event.target.querySelectorAll("[data-once]");
    setTimeout(function () {
      buttons.forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });

  /* --- The sticky bar and the item numbers --------------------------------------------- */
  function stickyBar() {
    var bar = document.querySelector("[data-attempt-bar]");
    if (!bar || !window.IntersectionObserver) return;
    // A one-pixel sentinel above the bar: once it leaves the screen, the bar is stuck.
    var sentinel = document.createElement("div");
    sentinel.setAttribute("aria-hidden", "true");
    bar.parentNode.insertBefore(sentinel, bar);
    new IntersectionObserver(function (entries) {
      bar.classList.toggle("is-stuck", !entries[0].isIntersecting);
    }).observe(sentinel);
  }
  function currentItemInView() {
    var nav = document.querySelector(".item-nav");
    var current = nav && nav.querySelector('[aria-current="step"]');
    if (!current || nav.scrollWidth <= nav.clientWidth) return;
    nav.scrollLeft = current.offsetLeft - nav.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }

  localTimes(document);
  counters();
  startCountdown();
  stickyBar();
  currentItemInView();
})();
