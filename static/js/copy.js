// "Copy" buttons next to read-only fields (the calendar address). Without script the field can
// still be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.closest(".copy-row").querySelector(".copy-status");
    if (!field) return;
    button.addEventListener("click", function () {
      var done = function () { if (status) status.textContent = button.getAttribute("data-copied"); };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
