/* Span marking: the candidate's widget, also the authors' gold widget.
 *
 * Marks passages of a text with labels and keeps them, as JSON in code-point offsets (as
 * the server counts), in the widget's hidden input; a change event on that input tells the
 * page (autosave on the attempt screen, the gold field on the item editor).
 *
 * Two ways to select: the mouse, or the keyboard in the focusable text (arrows move the
 * caret, Shift+arrows select, Ctrl+arrows go by word, Home/End), then a label button or
 * its number key. What happens is announced in the widget's live region.
 */
(function () {
  "use strict";

  function initSpans(widget) {
    if (widget.dataset.spansReady) return;
    widget.dataset.spansReady = "1";
    var textEl = widget.querySelector("[data-spans-text]");
    var input = widget.querySelector("[data-spans-input]");
    var list = widget.querySelector("[data-spans-list]");
    var hint = widget.querySelector("[data-spans-hint]");
    var readonly = widget.hasAttribute("data-readonly");
    var buttons = Array.from(widget.querySelectorAll("[data-label]"));
    var chars = Array.from(textEl.textContent);
    var spans = [];
    var lastSelection = null;
    var anchor = 0; // the keyboard selection, in code points
    var caret = 0;
    try {
      spans = JSON.parse(widget.querySelector('script[type="application/json"]').textContent);
    } catch (e) {
      spans = [];
    }
    if (!Array.isArray(spans)) spans = [];
    input.value = JSON.stringify(spans);

    function quote(start, end) {
      return chars.slice(start, end).join("");
    }
    function say(message) {
      hint.textContent = message;
    }
    function offset(node, nodeOffset) {
      var range = document.createRange();
      range.setStart(textEl, 0);
      range.setEnd(node, nodeOffset);
      return Array.from(range.toString()).length; // code points, as the server counts
    }
    function trimmed(start, end) {
      while (start < end && /\s/.test(chars[start])) start++;
      while (end > start && /\s/.test(chars[end - 1])) end--;
      return start < end ? { start: start, end: end } : null;
    }
    function currentSelection() {
      var sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed) return null;
      var r = sel.getRangeAt(0);
      if (!textEl.contains(r.startContainer) || !textEl.contains(r.endContainer)) return null;
      return trimmed(offset(r.startContainer, r.startOffset), offset(r.endContainer, r.endOffset));
    }

    /* The DOM position of a code-point offset, across the text and its marks. */
    function position(target) {
      var walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
      var seen = 0;
      var node;
      var last = null;
      while ((node = walker.nextNode())) {
        var points = Array.from(node.data);
        if (seen + points.length >= target) {
          return { node: node, offset: points.slice(0, target - seen).join("").length };
        }
        seen += points.length;
        last = node;
      }
      return last ? { node: last, offset: last.data.length } : { node: textEl, offset: 0 };
    }
    function showKeyboardSelection() {
      var sel = window.getSelection();
      var a = position(anchor);
      var b = position(caret);
      sel.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
    }

    function render() {
      var cuts = new Set([0, chars.length]);
      spans.forEach(function (s) {
        cuts.add(s.start);
        cuts.add(s.end);
      });
      var points = Array.from(cuts).sort(function (a, b) {
        return a - b;
      });
      textEl.textContent = "";
      for (var i = 0; i < points.length - 1; i++) {
        var a = points[i];
        var b = points[i + 1];
        var piece = quote(a, b);
        var labels = spans
          .filter(function (s) {
            return s.start <= a && s.end >= b;
          })
          .map(function (s) {
            return s.label;
          });
        if (labels.length) {
          var markEl = document.createElement("mark");
          markEl.className = "span-mark";
          markEl.dataset.labels = labels.join(" · ");
          markEl.textContent = piece;
          textEl.appendChild(markEl);
        } else {
          textEl.appendChild(document.createTextNode(piece));
        }
      }
      list.textContent = "";
      spans.forEach(function (s, index) {
        var li = document.createElement("li");
        var label = document.createElement("span");
        label.className = "tag";
        label.textContent = s.label;
        var passage = document.createElement("q");
        passage.textContent = quote(s.start, s.end);
        li.appendChild(label);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(passage);
        if (!readonly) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button button--ghost span-remove";
          remove.textContent = "Remove";
          remove.setAttribute("aria-label", "Remove " + s.label + " " + passage.textContent);
          remove.addEventListener("click", function () {
            spans.splice(index, 1);
            update();
            say("Removed " + s.label + " “" + passage.textContent + "”. " + counted());
            textEl.focus();
          });
          li.appendChild(remove);
        }
        list.appendChild(li);
      });
    }
    function counted() {
      return spans.length === 1 ? "1 passage marked." : spans.length + " passages marked.";
    }
    function update() {
      spans.sort(function (x, y) {
        return x.start - y.start || x.end - y.end || (x.label < y.label ? -1 : 1);
      });
      input.value = JSON.stringify(spans);
      render();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function label(name, sel) {
      if (!sel) {
        say("Select a passage in the text first, then press its label.");
        return;
      }
      var same = spans.some(function (s) {
        return s.start === sel.start && s.end === sel.end && s.label === name;
      });
      if (same) {
        say("That passage already has this label.");
        return;
      }
      spans.push({ start: sel.start, end: sel.end, label: name });
      window.getSelection().removeAllRanges();
      anchor = caret = sel.end;
      update();
      say("Marked “" + quote(sel.start, sel.end) + "” as " + name + ". " + counted());
    }

    document.addEventListener("selectionchange", function () {
      var sel = currentSelection();
      if (sel) lastSelection = sel;
    });
    buttons.forEach(function (button) {
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the text selection
      });
      button.addEventListener("click", function () {
        var sel = currentSelection() || lastSelection;
        lastSelection = null;
        label(button.dataset.label, sel);
      });
    });

    /* --- Keyboard ------------------------------------------------------------------ */
    function wordStep(from, direction) {
      var i = from;
      if (direction > 0) {
        while (i < chars.length && /\s/.test(chars[i])) i++;
        while (i < chars.length && !/\s/.test(chars[i])) i++;
      } else {
        while (i > 0 && /\s/.test(chars[i - 1])) i--;
        while (i > 0 && !/\s/.test(chars[i - 1])) i--;
      }
      return i;
    }
    function announceSelection() {
      var sel = trimmed(Math.min(anchor, caret), Math.max(anchor, caret));
      if (!sel) {
        var next = quote(caret, wordStep(caret, 1)).trim();
        say(next ? "Caret before “" + next + "”." : "Caret at the end of the text.");
        return;
      }
      var keys = buttons
        .map(function (b, i) {
          return i < 9 ? i + 1 + " " + b.dataset.label : null;
        })
        .filter(Boolean)
        .join(", ");
      say("Selected “" + quote(sel.start, sel.end) + "”. Press a number to label it: " + keys + ".");
    }
    if (!readonly) {
      textEl.addEventListener("keydown", function (event) {
        var key = event.key;
        var word = event.ctrlKey || event.altKey || event.metaKey;
        var target = null;
        if (key === "ArrowRight") target = word ? wordStep(caret, 1) : Math.min(chars.length, caret + 1);
        else if (key === "ArrowLeft") target = word ? wordStep(caret, -1) : Math.max(0, caret - 1);
        else if (key === "Home") target = 0;
        else if (key === "End") target = chars.length;
        if (target !== null) {
          event.preventDefault();
          caret = target;
          if (!event.shiftKey) anchor = caret;
          showKeyboardSelection();
          announceSelection();
          return;
        }
        if (key === "Escape") {
          anchor = caret;
          showKeyboardSelection();
          announceSelection();
          return;
        }
        var number = /^[1-9]$/.test(key) ? Number(key) : 0;
        if (number && number <= buttons.length && !word) {
          event.preventDefault();
          label(buttons[number - 1].dataset.label, currentSelection());
        }
      });
      // Whatever the mouse selected becomes the keyboard selection too.
      textEl.addEventListener("mouseup", function () {
        var sel = window.getSelection();
        if (!sel.rangeCount || !textEl.contains(sel.anchorNode) || !textEl.contains(sel.focusNode))
          return;
        anchor = offset(sel.anchorNode, sel.anchorOffset);
        caret = offset(sel.focusNode, sel.focusOffset);
      });
    }
    render();
  }

  function initAll(scope) {
    if (scope.matches && scope.matches("[data-spans]")) initSpans(scope);
    scope.querySelectorAll("[data-spans]").forEach(initSpans);
  }
  initAll(document);
  // Widgets that arrive later (the gold widget, re-rendered when the item changes).
  document.addEventListener("htmx:load", function (event) {
    initAll(event.detail.elt);
  });
})();
