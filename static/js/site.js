// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Auto-submit filter forms marked data-autosubmit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // After a failed submit, start keyboard and screen-reader users at the form's error summary
  // instead of the top of the page, unless the page puts a field first (autofocus).
  var summary = document.querySelector(".form-errors[tabindex]");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.focus();
  }
  // Copy-to-clipboard buttons: <button data-copy="text">.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.setAttribute("data-copied", "true");
        var done = button.getAttribute("data-copied-label");
        if (done) { button.textContent = done; }
      });
    });
  });
})();
