// The rich-text editor of notices and course material: every textarea[data-richtext] becomes a
// Quill editor (vendor/quill); on submit the editor's HTML is written back into the textarea.
// Without JavaScript the textarea stays and takes simple HTML. The server sanitises either way.
(function () {
  "use strict";
  var TOOLBAR = [
    [{ header: [2, 3, false] }],
    ["bold", "italic", "underline", "strike"],
    [{ list: "ordered" }, { list: "bullet" }],
    ["blockquote", "link"],
    ["clean"],
  ];

  function attach(textarea) {
    if (typeof Quill === "undefined" || textarea.dataset.richtextReady) return;
    textarea.dataset.richtextReady = "1";
    var holder = document.createElement("div");
    holder.className = "richtext-editor bg-white";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.classList.add("d-none");
    var quill = new Quill(holder, {
      theme: "snow",
      modules: { toolbar: TOOLBAR },
      placeholder: textarea.getAttribute("placeholder") || "",
    });
    if (textarea.value.trim()) {
      quill.setContents(quill.clipboard.convert({ html: textarea.value }), "silent");
    }
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.addEventListener("click", function () { quill.focus(); });
    }
    function sync() {
      var empty = quill.getText().trim() === "";
      // getSemanticHTML writes every space as &nbsp;: plain spaces read and wrap better.
      textarea.value = empty ? "" : quill.getSemanticHTML().replace(/&nbsp;/g, " ");
    }
    quill.on("text-change", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
  }

  function init() {
    document.querySelectorAll("textarea[data-richtext]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
