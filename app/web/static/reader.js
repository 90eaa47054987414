// Parley's reader: open a position's card from its highlight, by mouse or keyboard.
// Plain JavaScript, no dependency, served from this server (no inline script: the pages'
// CSP allows only 'self'). Without it every card is listed after the text, and each
// highlight's initials link to it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function init() {
    var filters = document.querySelector("form.filters");
    if (filters) {
      // An unchosen filter is left out of the URL, and a choice applies at once.
      var blanksOff = function () {
        filters.querySelectorAll("select").forEach(function (select) {
          select.disabled = select.value === "";
        });
      };
      filters.addEventListener("submit", blanksOff);
      filters.addEventListener("change", function () {
        blanksOff();
        filters.submit();
      });
    }
    var panel = document.getElementById("cards");
    if (!panel) {
      return;
    }
    var current = null;
    var returning = false; // focus going back to a highlight as its card closes

    function card(id) {
      return document.getElementById("card-" + id);
    }
    function badge(id) {
      return document.querySelector("#pos-" + CSS.escape(id) + " > .badge");
    }
    function marks(id) {
      return document.querySelectorAll('mark.hl[data-position-id="' + CSS.escape(id) + '"]');
    }

    function close(restoreFocus) {
      if (!current) {
        return;
      }
      var id = current.getAttribute("data-card-for");
      current.classList.remove("open");
      panel.classList.remove("has-open");
      marks(id).forEach(function (mark) { mark.classList.remove("active"); });
      current = null;
      history.replaceState(null, "", location.pathname + location.search);
      if (restoreFocus && badge(id)) {
        returning = true;
        badge(id).focus();
        returning = false;
      }
    }

    function open(id, moveFocus) {
      var found = card(id);
      if (!found) {
        return false;
      }
      if (current !== found) {
        close(false);
        current = found;
        found.classList.add("open");
        panel.classList.add("has-open");
        marks(id).forEach(function (mark) { mark.classList.add("active"); });
        history.replaceState(null, "", "#card-" + id);
      }
      if (moveFocus) {
        found.focus();
      }
      return true;
    }

    panel.querySelectorAll("[data-close]").forEach(function (button) {
      button.hidden = false;
    });

    document.addEventListener("click", function (event) {
      var target = event.target;
      if (target.closest("[data-close]")) {
        close(true);
        return;
      }
      if (target.closest("[data-back]")) {
        event.preventDefault();
        close(true);
        return;
      }
      var link = target.closest("a");
      if (link && link.classList.contains("badge")) {
        event.preventDefault();
        open(link.parentElement.getAttribute("data-position-id"), true);
        return;
      }
      var hash = link ? link.getAttribute("href") : null;
      if (hash && hash.indexOf("#card-") === 0) {
        if (open(hash.slice(6), true)) {
          event.preventDefault();
        }
        return;
      }
      if (link) {
        return; // a page mark or another link: followed as usual
      }
      var mark = target.closest("mark.hl");
      if (mark) {
        open(mark.getAttribute("data-position-id"), true);
      }
    });

    // Focusing a highlight shows its card without taking the focus: Tab goes on through
    // the text, Enter moves into the card, Escape closes it.
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (!returning && target.classList && target.classList.contains("badge") && target.parentElement.matches("mark.hl")) {
        open(target.parentElement.getAttribute("data-position-id"), false);
      }
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) {
        event.preventDefault();
        close(true);
      }
    });

    if (location.hash.indexOf("#card-") === 0 && open(location.hash.slice(6), false)) {
      var first = badge(location.hash.slice(6));
      if (first) {
        first.scrollIntoView({ block: "start" });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
